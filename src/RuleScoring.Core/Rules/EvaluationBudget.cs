using System.Diagnostics;
using System.Globalization;

namespace RuleScoring.Core.Rules;

/// <summary>
/// What one lead's (or one account's) evaluation may spend. Rule expressions are code from
/// whoever opens a pull request; the expression guard closes what a rule may call, this bounds
/// what it may do with what it can call. Work is counted in steps (one element of a collection a
/// rule walks: the lead's signals, its tech stack, a list), which is the same on every machine,
/// so the same lead always gets the same card; allocation and time are backstops checked every
/// few thousand steps. Spent, the next step throws, RulesEngine records the exception on the rule,
/// and the card carries the error naming the rule while the batch goes on.
/// </summary>
public static class EvaluationBudget
{
    /// <summary>Collection elements one evaluation may walk (the shipped model walks about a thousand on a busy lead).</summary>
    public const long MaxSteps = 1_000_000;

    /// <summary>Bytes one evaluation may allocate while walking.</summary>
    public const long MaxAllocatedBytes = 256L * 1024 * 1024;

    /// <summary>The longest one evaluation may walk.</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(2);

    private const int CheckEvery = 4096;

    [ThreadStatic]
    private static Meter? _current;

    /// <summary>Starts the budget for one evaluation on this thread; dispose it when the evaluation ends.</summary>
    public static Scope Begin()
    {
        var previous = _current;
        _current = new Meter(Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());
        return Scope.Restoring(previous);
    }

    /// <summary>One step of work; throws <see cref="EvaluationBudgetExceededException"/> when the evaluation has spent its budget.</summary>
    internal static void Charge()
    {
        if (_current is not { } meter)
        {
            return;
        }

        if (meter.Exceeded is { } why)
        {
            throw new EvaluationBudgetExceededException(why);
        }

        if (++meter.Steps > MaxSteps)
        {
            Exceed(meter, string.Create(CultureInfo.InvariantCulture, $"walked more than {MaxSteps:N0} collection elements"));
        }

        if (meter.Steps % CheckEvery == 0)
        {
            if (GC.GetAllocatedBytesForCurrentThread() - meter.AllocatedAtStart > MaxAllocatedBytes)
            {
                Exceed(meter, string.Create(CultureInfo.InvariantCulture, $"allocated more than {MaxAllocatedBytes / (1024 * 1024):N0} MB"));
            }

            if (Stopwatch.GetElapsedTime(meter.StartedAt) > MaxTime)
            {
                Exceed(meter, string.Create(CultureInfo.InvariantCulture, $"ran longer than {MaxTime.TotalSeconds:N0} s"));
            }
        }
    }

    private static void Exceed(Meter meter, string what)
    {
        meter.Exceeded = $"exceeded the evaluation budget: {what} for one lead (a rule may not multiply its work per lead)";
        throw new EvaluationBudgetExceededException(meter.Exceeded);
    }

    /// <summary>True when a rule's error text says it ran out of budget.</summary>
    public static bool IsBudgetError(string error) => error.Contains("exceeded the evaluation budget", StringComparison.Ordinal);

    internal sealed class Meter(long startedAt, long allocatedAtStart)
    {
        public long StartedAt { get; } = startedAt;
        public long AllocatedAtStart { get; } = allocatedAtStart;
        public long Steps { get; set; }
        public string? Exceeded { get; set; }
    }

    /// <summary>Ends the evaluation's budget (restoring an outer one, if any).</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly Meter? _previous;

        private Scope(Meter? previous) => _previous = previous;

        internal static Scope Restoring(Meter? previous) => new(previous);

        public void Dispose() => _current = _previous;
    }
}
