namespace RuleScoring.Storage.Lifecycle;

/// <summary>A score history row a batch just appended, as the lifecycle follows it (<see cref="LifecycleStore.Follow"/>).</summary>
internal sealed record FollowedScore(string LeadId, long ScoreId, DateTimeOffset AsOf, string? Tier, bool Mql, bool Sql);
