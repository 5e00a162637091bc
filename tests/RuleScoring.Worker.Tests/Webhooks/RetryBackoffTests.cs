using RuleScoring.Core.Webhooks;
using RuleScoring.Worker.Webhooks;

namespace RuleScoring.Worker.Tests.Webhooks;

public sealed class RetryBackoffTests
{
    private static readonly DeliverySettings Settings = DeliverySettings.Default with { FirstRetry = TimeSpan.FromSeconds(30), MaxRetry = TimeSpan.FromMinutes(10) };

    [Fact]
    public void After_EachFailure_DoublesWithinHalfToFullOfTheWait_UpToTheCap()
    {
        var backoff = new RetryBackoff(Settings, new Random(1));

        for (var failures = 1; failures <= 12; failures++)
        {
            var full = Math.Min(30 * Math.Pow(2, failures - 1), 600);
            backoff.After(failures).TotalSeconds.ShouldBeInRange(full / 2, full, $"failure {failures}");
        }
    }

    [Fact]
    public void After_SameSeed_SameWaits_OtherSeed_OtherWaits()
    {
        var waits = Enumerable.Range(1, 6).Select(new RetryBackoff(Settings, new Random(7)).After).ToList();

        Enumerable.Range(1, 6).Select(new RetryBackoff(Settings, new Random(7)).After).ShouldBe(waits);
        Enumerable.Range(1, 6).Select(new RetryBackoff(Settings, new Random(8)).After).ShouldNotBe(waits, "jitter spreads workers' retries");
    }
}
