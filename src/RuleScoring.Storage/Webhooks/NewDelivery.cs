namespace RuleScoring.Storage.Webhooks;

/// <summary>A delivery to record: one outbox row for one subscription, its body fixed now.</summary>
public sealed record NewDelivery(string WebhookId, long ChangeId, string LeadId, string EventType, string Body);
