using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RuleScoring.Core.Pilot;

/// <summary>
/// Which group a lead is in for a pilot: a stable hash of seed and lead id, so the same lead is
/// in the same group on every run, on every machine, whatever order leads arrive in.
/// </summary>
public static class PilotGroups
{
    /// <summary>Routed by score.</summary>
    public const string Pilot = "pilot";

    /// <summary>The baseline process.</summary>
    public const string Control = "control";

    /// <summary>
    /// A number in [0, 1) from SHA-256 of "seed:leadId" (the first 64 bits). string.GetHashCode
    /// would not do: it is randomised per process.
    /// </summary>
    public static double Bucket(string leadId, int seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString(CultureInfo.InvariantCulture) + ":" + leadId), hash);
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary><see cref="Pilot"/> when the lead's bucket is below <paramref name="share"/>, else <see cref="Control"/>.</summary>
    public static string GroupOf(string leadId, int seed, double share)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        return Bucket(leadId, seed) < share ? Pilot : Control;
    }
}
