namespace RuleScoring.Replay.Routing;

/// <summary>The leads one member was given a week under each version (round robin, account owner or escalation), against their capacity.</summary>
internal sealed record RepLoad(string Member, string Name, WeeklyLoad? Base, WeeklyLoad? Head);
