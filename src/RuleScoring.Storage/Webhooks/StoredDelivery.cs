namespace RuleScoring.Storage.Webhooks;

/// <summary>One row of the delivery log: an outbox event for one subscription, and how sending it went.</summary>
/// <param name="WebhookId">The webhook-id header: the same on every retry and re-send, so receivers can dedupe.</param>
/// <param name="Attempts">Attempts since it was recorded or last re-sent (the attempt log keeps them all).</param>
public sealed record StoredDelivery(
    long Id,
    string WebhookId,
    string Subscription,
    long ChangeId,
    string LeadId,
    string EventType,
    string Body,
    DeliveryState State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt);
