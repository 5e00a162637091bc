using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Governance;

/// <summary>Everything that differs between a base and a head rule set, each change with its class.</summary>
public sealed record RuleSetDiff(RuleSetIdentity Base, RuleSetIdentity Head, IReadOnlyList<RuleChange> Changes)
{
    /// <summary>
    /// The rule content differs (formatting alone does not count: see the content hash), or a file
    /// reviewed beside the model (webhooks.json, outside the hash) does.
    /// </summary>
    public bool ContentChanged => !string.Equals(Base.Hash, Head.Hash, StringComparison.Ordinal) || Changes.Any(c => c.Area == ChangeArea.Webhooks);

    /// <summary>The classes the changes fall in, in <see cref="ChangeClass"/> order.</summary>
    public IReadOnlyList<ChangeClass> Classes => [.. Changes.Select(c => c.Class).Distinct().Order()];
}
