using System.Globalization;

namespace RuleScoring.Cli;

/// <summary>
/// Says when a progress line is due: at most one a second, so a long run logs a readable trickle.
/// RULESCORE_PROGRESS_SECONDS sets another interval (0 = after every batch); the fault tests use it
/// so that a kill lands mid-run however fast the machine finishes the work.
/// </summary>
internal sealed class ProgressClock(TimeProvider time)
{
    public const string IntervalVariable = "RULESCORE_PROGRESS_SECONDS";

    private static readonly TimeSpan Interval = ReadInterval(Environment.GetEnvironmentVariable(IntervalVariable));
    private long _last = time.GetTimestamp();

    public bool Due()
    {
        if (time.GetElapsedTime(_last) < Interval)
        {
            return false;
        }

        _last = time.GetTimestamp();
        return true;
    }

    internal static TimeSpan ReadInterval(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(1);
}
