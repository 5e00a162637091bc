namespace RuleScoring.Replay.Metrics;

/// <summary>A 95 % interval; <see cref="Clear"/> when it does not hold zero (for a difference: the sign is not noise).</summary>
internal sealed record ConfidenceInterval(double Low, double High)
{
    /// <summary>+1 when the whole interval is above zero, -1 when below, 0 when it holds zero.</summary>
    public int Clear => Low > 0 ? 1 : High < 0 ? -1 : 0;
}
