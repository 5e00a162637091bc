using System.Diagnostics;
using System.Globalization;

namespace RuleScoring.Replay;

/// <summary>A progress line on standard error for long runs: done/total, rate, ETA, at most every 2 s (and the last). Safe from parallel callers.</summary>
internal sealed class ProgressLine(TextWriter error, string what)
{
    private const int LongRun = 20_000;
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan _shown;

    public void Report(int done, int total)
    {
        if (total < LongRun)
        {
            return;
        }

        lock (_gate)
        {
            if (done < total && _watch.Elapsed - _shown < Every)
            {
                return;
            }

            _shown = _watch.Elapsed;
            var rate = done / Math.Max(_watch.Elapsed.TotalSeconds, 0.001);
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {what}: {done:N0}/{total:N0} deals, {rate:N0}/s, ETA {TimeSpan.FromSeconds((total - done) / Math.Max(rate, 1)):mm\\:ss}"));
        }
    }
}
