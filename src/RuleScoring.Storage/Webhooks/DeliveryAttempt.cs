namespace RuleScoring.Storage.Webhooks;

/// <summary>One try at a delivery: the HTTP status that came back, or why none did (timeout, refused, closed).</summary>
public sealed record DeliveryAttempt(long Id, DateTimeOffset AttemptedAt, int? Status, string? Error, long ElapsedMs);
