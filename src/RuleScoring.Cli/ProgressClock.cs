namespace RuleScoring.Cli;

/// <summary>Says when a progress line is due: at most one a second, so a long run logs a readable trickle.</summary>
internal sealed class ProgressClock(TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
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
}
