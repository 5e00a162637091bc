using System.Buffers.Text;

namespace RuleScoring.Core.Webhooks;

/// <summary>A Standard Webhooks signing secret: <c>whsec_</c> and the key in base64 (24 to 64 bytes).</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    public static bool TryParse(string text, out byte[] key, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        key = [];
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            problem = $"a secret starts with {Prefix} and the key in base64";
            return false;
        }

        var base64 = text[Prefix.Length..];
        if (!Base64.IsValid(base64, out var length) || base64.Length == 0)
        {
            problem = $"the part after {Prefix} is not base64";
            return false;
        }

        if (length is < 24 or > 64)
        {
            problem = $"the key is {length} bytes; Standard Webhooks asks for 24 to 64";
            return false;
        }

        key = Convert.FromBase64String(base64);
        problem = "";
        return true;
    }
}
