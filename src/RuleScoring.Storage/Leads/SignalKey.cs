using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Leads;

/// <summary>
/// The dedupe key of a signal within its lead: the source's event_id when it has one, else a hash
/// of the normalised row, so the same event imported twice (or written 2026-11-20 one time and
/// 2026-11-20T00:00:00Z the next) is stored once.
/// </summary>
internal static class SignalKey
{
    public static string For(string? eventId, string type, DateTimeOffset occurredAt, string? topic, double? value, string? source)
    {
        if (!string.IsNullOrWhiteSpace(eventId))
        {
            return eventId.Trim();
        }

        var normalised = string.Join('\u001f',
            type.Trim().ToLowerInvariant(),
            SqlTimestamp.Format(occurredAt),
            topic?.Trim().ToLowerInvariant() ?? "",
            value?.ToString("R", CultureInfo.InvariantCulture) ?? "",
            source?.Trim().ToLowerInvariant() ?? "");
        // 128 bits of SHA-256: collisions are out of reach for any lead's event count, at half the index size.
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)).AsSpan(0, 16));
    }
}
