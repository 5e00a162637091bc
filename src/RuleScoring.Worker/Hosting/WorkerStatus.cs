using RuleScoring.Worker.Scoring;

namespace RuleScoring.Worker.Hosting;

/// <summary>What the health endpoint reports about the loop: the last tick and the last failure.</summary>
public sealed class WorkerStatus
{
    private readonly Lock _gate = new();
    private TickResult? _lastTick;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private long _ticks;
    private DateTimeOffset? _tickStartedAt;
    private WorkerTotals _totals = new();

    public DateTimeOffset? StartedAt { get; internal set; }

    public (TickResult? LastTick, long Ticks, string? LastError, DateTimeOffset? LastErrorAt) Read()
    {
        lock (_gate)
        {
            return (_lastTick, _ticks, _lastError, _lastErrorAt);
        }
    }

    /// <summary>When the tick now running (or the last one) began: a tick that never ends shows here.</summary>
    public DateTimeOffset? TickStartedAt
    {
        get
        {
            lock (_gate)
            {
                return _tickStartedAt;
            }
        }
    }

    internal void TickStarting(DateTimeOffset at)
    {
        lock (_gate)
        {
            _tickStartedAt = at;
        }
    }

    /// <summary>Everything the loop did since the worker started, added up tick by tick: what /metrics counts.</summary>
    public WorkerTotals Totals
    {
        get
        {
            lock (_gate)
            {
                return _totals;
            }
        }
    }

    internal void Ticked(TickResult tick)
    {
        lock (_gate)
        {
            _lastTick = tick;
            _ticks++;
            _totals = _totals.Add(tick);
        }
    }

    internal void Failed(string error, DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastError = error;
            _lastErrorAt = at;
            _totals = _totals with { TickFailures = _totals.TickFailures + 1 };
        }
    }
}
