using RuleScoring.Core.Webhooks;

namespace RuleScoring.Worker.Webhooks;

/// <summary>
/// How long a failed delivery waits: exponential (first retry × 2^(failures-1), capped) with "equal
/// jitter" (half the wait fixed, half random), so receivers coming back up are not hit by every
/// worker's retries at once. The random source is given, so a seeded one makes it repeatable.
/// </summary>
/// <remarks>
/// Not Polly or Microsoft.Extensions.Http.Resilience: their retries live in the memory of one call,
/// and these must survive a restart and never hold the worker, so the next attempt's time is
/// stored on the delivery row and this only computes it.
/// </remarks>
public sealed class RetryBackoff(DeliverySettings settings, Random random)
{
    /// <param name="failures">Failed attempts so far, 1 or more.</param>
    public TimeSpan After(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var exponential = settings.FirstRetry.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, settings.MaxRetry.TotalSeconds);
        double share;
        lock (random)
        {
            share = random.NextDouble();
        }

        return TimeSpan.FromSeconds((capped / 2) + (share * capped / 2));
    }
}
