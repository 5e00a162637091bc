namespace RuleScoring.Worker.Webhooks;

/// <summary>One pass of the dispatcher: deliveries recorded from the outbox, and what the attempts made of the due ones.</summary>
/// <param name="More">The pass sent a full batch: more may be due now.</param>
public sealed record DispatchResult(int Recorded, int Delivered, int Failed, int Dead, bool More)
{
    public int Attempted => Delivered + Failed + Dead;
}
