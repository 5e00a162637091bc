namespace RuleScoring.Replay.Data;

/// <summary>What a replay scores for each closed deal: the deal's lead, or the account the lead belongs to.</summary>
internal enum ReplayLevel
{
    Lead,
    Account,
}
