namespace RuleScoring.Storage.Lifecycle;

/// <summary>One stored stage move. <paramref name="Recycle"/> marks a backwards move, with its <paramref name="Reason"/>.</summary>
public sealed record LifecycleTransition(long Id, string LeadId, string? FromStage, string ToStage, DateTimeOffset At, string Source, string? Tier, bool Recycle, string? Reason);
