namespace RuleScoring.Core.Webhooks;

/// <summary>
/// webhooks.json's delivery section: how hard the worker tries. Attempt n waits about
/// <see cref="FirstRetry"/> × 2^(n-1), at most <see cref="MaxRetry"/>, with jitter; after
/// <see cref="MaxAttempts"/> failures the delivery is dead (re-send it with <c>rulescore deliveries resend</c>).
/// </summary>
/// <param name="Parallel">Requests in flight at once, to different leads (a lead's events go one at a time, in order).</param>
public sealed record DeliverySettings(int MaxAttempts, TimeSpan Timeout, TimeSpan FirstRetry, TimeSpan MaxRetry, int Parallel)
{
    public static DeliverySettings Default { get; } = new(8, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 8);
}
