using System.Globalization;

namespace RuleScoring.Replay.Data;

/// <summary>
/// --from / --until: the deals replayed by their point in time, from inclusive, until exclusive,
/// so calibrate's --train-until D and replay's --from D split the deals without overlap.
/// </summary>
internal sealed record ReplayPeriod(DateTimeOffset? From, DateTimeOffset? Until)
{
    public static readonly ReplayPeriod All = new(null, null);

    public bool IsAll => From is null && Until is null;

    public bool Contains(DateTimeOffset at) => (From is not { } from || at >= from) && (Until is not { } until || at < until);

    /// <summary>"points from 2026-07-01 until 2026-10-01", or null for every deal.</summary>
    public string? Describe() => IsAll ? null
        : "points " + (From is { } f ? "from " + Day(f) : "") + (From is not null && Until is not null ? " " : "") + (Until is { } u ? "until " + Day(u) + " (exclusive)" : "");

    private static string Day(DateTimeOffset at) => at.TimeOfDay == TimeSpan.Zero && at.Offset == TimeSpan.Zero
        ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : at.ToString("O", CultureInfo.InvariantCulture);
}
