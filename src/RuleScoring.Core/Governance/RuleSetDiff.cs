using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Governance;

/// <summary>Everything that differs between a base and a head rule set, each change with its class.</summary>
public sealed record RuleSetDiff(RuleSetIdentity Base, RuleSetIdentity Head, IReadOnlyList<RuleChange> Changes)
{
    /// <summary>
    /// The rule content differs (formatting alone does not count: see the content hash), or the
    /// differ named a change in a file reviewed outside the hash (webhooks.json): equal hashes mean
    /// equal hashed content, so any change then is in such a file.
    /// </summary>
    public bool ContentChanged => !string.Equals(Base.Hash, Head.Hash, StringComparison.Ordinal) || Changes.Count > 0;

    /// <summary>The classes the changes fall in, in <see cref="ChangeClass"/> order.</summary>
    public IReadOnlyList<ChangeClass> Classes => [.. Changes.Select(c => c.Class).Distinct().Order()];
}
