namespace RuleScoring.Storage.Scores;

/// <summary>One outbox row: a lead's tier changed (<see cref="FromTier"/> is null on its first score).</summary>
/// <param name="Id">Grows with every change: a consumer reads changes after the last id it processed.</param>
public sealed record TierChange(long Id, string LeadId, long ScoreId, DateTimeOffset AsOf, string? FromTier, string? ToTier,
    decimal Composite, string RulesVersion, string RulesHash, DateTimeOffset CreatedAt);
