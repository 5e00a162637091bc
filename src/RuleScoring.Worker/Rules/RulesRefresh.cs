namespace RuleScoring.Worker.Rules;

/// <summary>What re-reading the rules folder did.</summary>
public enum RulesRefresh
{
    /// <summary>Nothing changed (or only whitespace: the content hash is the same).</summary>
    Unchanged,

    /// <summary>A valid, changed rule set is now active.</summary>
    Activated,

    /// <summary>The folder changed and is not valid; the previous version (if any) stays active.</summary>
    Rejected,
}
