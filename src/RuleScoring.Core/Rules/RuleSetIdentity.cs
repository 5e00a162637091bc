namespace RuleScoring.Core.Rules;

/// <summary>Which rules produced a score: the model's name and semver, and a hash of the rule content.</summary>
public sealed record RuleSetIdentity(string Name, string Version, string Hash)
{
    /// <summary>The first 12 hex digits of the hash, enough to tell versions apart in a table.</summary>
    public string ShortHash
    {
        get
        {
            var hex = Hash.StartsWith("sha256:", StringComparison.Ordinal) ? Hash["sha256:".Length..] : Hash;
            return hex.Length > 12 ? hex[..12] : hex;
        }
    }

    public override string ToString() => $"{Name} {Version} ({ShortHash})";
}
