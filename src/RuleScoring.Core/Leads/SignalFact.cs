namespace RuleScoring.Core.Leads;

/// <summary>One signal as a rule sees it: its age is measured from the as-of time of the score.</summary>
public sealed class SignalFact
{
    internal SignalFact(Signal signal, int ageDays)
    {
        Type = NormalText.Of(signal.Type);
        OccurredAt = signal.OccurredAt;
        AgeDays = ageDays;
        Topic = signal.Topic is { } topic ? NormalText.Of(topic) : "";
        Value = signal.Value ?? 0;
        Source = signal.Source is { } source ? NormalText.Of(source) : "";
    }

    public string Type { get; }
    public DateTimeOffset OccurredAt { get; }
    /// <summary>Whole days between the signal and the as-of time (a signal 30.9 days old is 30 days old).</summary>
    public int AgeDays { get; }
    public string Topic { get; }
    public double Value { get; }
    public string Source { get; }
}
