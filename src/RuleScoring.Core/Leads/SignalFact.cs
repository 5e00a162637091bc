namespace RuleScoring.Core.Leads;

/// <summary>One signal as a rule sees it: its age is measured from the as-of time of the score.</summary>
public sealed class SignalFact
{
    internal SignalFact(Signal signal, int ageDays)
    {
        Type = signal.Type.Trim().ToLowerInvariant();
        OccurredAt = signal.OccurredAt;
        AgeDays = ageDays;
        Topic = signal.Topic?.Trim().ToLowerInvariant() ?? "";
        Value = signal.Value ?? 0;
        Source = signal.Source?.Trim().ToLowerInvariant() ?? "";
    }

    public string Type { get; }
    public DateTimeOffset OccurredAt { get; }
    /// <summary>Whole days between the signal and the as-of time (a signal 30.9 days old is 30 days old).</summary>
    public int AgeDays { get; }
    public string Topic { get; }
    public double Value { get; }
    public string Source { get; }
}
