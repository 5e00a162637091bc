using System.Security.Cryptography;
using System.Text;

namespace RuleScoring.Core.Webhooks;

/// <summary>
/// Standard Webhooks 1.0 signatures: <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")),
/// where timestamp is the attempt's Unix time in seconds (the webhook-timestamp header).
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static string Sign(string webhookId, long timestamp, string body, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(webhookId);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(key);
        var signed = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{webhookId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>
    /// What a receiver checks: one of the space-separated <c>v1,</c> signatures in the header is the
    /// body's (compared in constant time). The timestamp's age is the receiver's to judge.
    /// </summary>
    public static bool Verify(string webhookId, string timestamp, string body, string signatureHeader, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(webhookId, seconds, body, key));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
