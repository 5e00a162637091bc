namespace RuleScoring.Storage.Webhooks;

/// <summary>
/// One attempt to record, and where its delivery goes from it: delivered, pending again at
/// <see cref="NextAttemptAt"/>, or dead (not delivered and no next attempt).
/// </summary>
public sealed record AttemptOutcome(long DeliveryId, DateTimeOffset AttemptedAt, int? Status, string? Error, long ElapsedMs, bool Delivered, DateTimeOffset? NextAttemptAt);
