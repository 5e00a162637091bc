using RuleScoring.Worker.Scoring;

namespace RuleScoring.Worker.Hosting;

/// <summary>Counters since the worker started (Prometheus counters: they only grow, and restart at 0 with the process).</summary>
public sealed record WorkerTotals
{
    public long Ticks { get; init; }

    public long TickFailures { get; init; }

    public long ScoredForRules { get; init; }

    public long ScoredForSignals { get; init; }

    public long ScoredForDecay { get; init; }

    public long HistoryRows { get; init; }

    public long TierChanges { get; init; }

    public long SlaBreached { get; init; }

    public long SlaClosedByDisposition { get; init; }

    public long Accounts { get; init; }

    public double TickSeconds { get; init; }

    internal WorkerTotals Add(TickResult tick) => this with
    {
        Ticks = Ticks + 1,
        ScoredForRules = ScoredForRules + tick.ForRules,
        ScoredForSignals = ScoredForSignals + tick.ForSignals,
        ScoredForDecay = ScoredForDecay + tick.ForDecay,
        HistoryRows = HistoryRows + tick.HistoryRows,
        TierChanges = TierChanges + tick.TierChanges,
        SlaBreached = SlaBreached + tick.SlaBreached,
        SlaClosedByDisposition = SlaClosedByDisposition + tick.SlaClosedByDisposition,
        Accounts = Accounts + tick.Accounts,
        TickSeconds = TickSeconds + tick.Elapsed.TotalSeconds,
    };
}
