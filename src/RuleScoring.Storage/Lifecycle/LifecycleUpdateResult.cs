namespace RuleScoring.Storage.Lifecycle;

/// <summary>What one lifecycle update appended: transitions (of which recycles) over how many leads.</summary>
public sealed record LifecycleUpdateResult(int Leads, int Transitions, int Recycles);
