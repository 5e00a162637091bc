namespace RuleScoring.Storage.Webhooks;

/// <summary>Webhook deliveries made in a period (<see cref="DeliveryStore.Counts"/>), by event kind and where each stands.</summary>
/// <param name="From">Deliveries created at or after this instant.</param>
/// <param name="To">... and at or before this one.</param>
/// <param name="ByEvent">One row per event kind (lead.tier_changed, lead.routed, ...), by name.</param>
public sealed record DeliveryCounts(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DeliveryCountRow> ByEvent)
{
    public long Total => ByEvent.Sum(r => r.Total);

    /// <summary>Every event kind together.</summary>
    public DeliveryCountRow All => new("all", ByEvent.Sum(r => r.Delivered), ByEvent.Sum(r => r.Retrying), ByEvent.Sum(r => r.Queued), ByEvent.Sum(r => r.DeadLetter));
}
