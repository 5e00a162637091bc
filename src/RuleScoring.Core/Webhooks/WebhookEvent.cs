namespace RuleScoring.Core.Webhooks;

/// <summary>
/// What a subscription can ask to hear about. Each kind is an outbox row kind (score_changes.kind)
/// with the same snake_case name in webhooks.json; routing's kinds are named now so subscriptions
/// and the schema keep their shape when they arrive, and validate says they are not sent yet.
/// </summary>
public enum WebhookEvent
{
    TierChanged,
    SlaBreached,
    Routed,
    Escalated,
}
