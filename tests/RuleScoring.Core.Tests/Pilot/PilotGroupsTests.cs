using RuleScoring.Core.Pilot;

namespace RuleScoring.Core.Tests.Pilot;

public sealed class PilotGroupsTests
{
    [Fact]
    public void Bucket_SameLeadAndSeed_IsTheSameNumber_AnotherSeedMovesIt()
    {
        var first = PilotGroups.Bucket("L-000123", 7);

        PilotGroups.Bucket("L-000123", 7).ShouldBe(first);
        first.ShouldBeInRange(0, 1);
        first.ShouldNotBe(1.0);
        PilotGroups.Bucket("L-000123", 8).ShouldNotBe(first);
        // Pinned (SHA-256 of "7:L-000123", computed outside .NET): the hash must not change
        // between releases, or a running pilot would reshuffle its groups.
        first.ShouldBe(0.8061560915062166, 1e-15);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(0.2, 42)]
    [InlineData(0.9, 3)]
    public void GroupOf_TenThousandLeads_PilotShareIsNearTheRequestedOne(double share, int seed)
    {
        var pilot = Enumerable.Range(1, 10_000).Count(i => PilotGroups.GroupOf($"L-{i:D6}", seed, share) == PilotGroups.Pilot);

        // Binomial sd at 10k is at most 0.005: four of them.
        (pilot / 10_000.0).ShouldBeInRange(share - 0.02, share + 0.02);
    }

    [Fact]
    public void GroupOf_ShareZeroOrOne_PutsEveryoneOnOneSide()
    {
        Enumerable.Range(1, 500).ShouldAllBe(i => PilotGroups.GroupOf($"L-{i}", 1, 0) == PilotGroups.Control);
        Enumerable.Range(1, 500).ShouldAllBe(i => PilotGroups.GroupOf($"L-{i}", 1, 1) == PilotGroups.Pilot);
    }
}
