namespace RuleScoring.Replay.Tests;

/// <summary>One closed deal of a hand-made data set: its lead's attributes and signals, when the deal was opened, and how it ended.</summary>
internal sealed record HandMadeDeal(string LeadId, DateTimeOffset At, bool Won, IReadOnlyDictionary<string, string> Attributes, params string[] Signals);
