namespace RuleScoring.Storage.Webhooks;

/// <summary>Deliveries of one event kind by state.</summary>
/// <param name="Delivered">A 2xx came back.</param>
/// <param name="Retrying">Pending after at least one failed attempt: the worker tries again at its next attempt time.</param>
/// <param name="Queued">Pending, not tried yet (or re-sent and not tried since).</param>
/// <param name="DeadLetter">Every attempt failed (state dead): kept until 'rulescore deliveries resend'.</param>
public sealed record DeliveryCountRow(string EventType, long Delivered, long Retrying, long Queued, long DeadLetter)
{
    public long Total => Delivered + Retrying + Queued + DeadLetter;
}
