using RuleScoring.Storage.Database;
using RuleScoring.Storage.Worker;

namespace RuleScoring.Worker.Api;

/// <summary>
/// What /health and /metrics both read from the store at request time: the signal backlog and
/// its oldest signal's age, the leads due, the open and overdue SLA tasks. One read, so the two
/// never disagree on what "lag" means.
/// </summary>
internal sealed record StoreGauges(long SignalBacklog, double SignalLagSeconds, int LeadsDue, long SlaOpen, long SlaOverdue)
{
    /// <summary>Due leads are counted up to this many: enough to tell a backlog, cheap to count.</summary>
    public const int DueLeadsCountedUpTo = 10_000;

    public static StoreGauges Read(ScoreDatabase db, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (backlog, oldest) = db.Worker.SignalBacklog(db.Worker.GetCursor(WorkerStore.SignalCursor));
        var (open, overdue) = db.Sla.OpenCounts(now);
        return new StoreGauges(
            backlog,
            oldest is { } o ? Math.Max(0, (now - o).TotalSeconds) : 0,
            db.Scores.DueLeads(now, DueLeadsCountedUpTo).Count,
            open,
            overdue);
    }
}
