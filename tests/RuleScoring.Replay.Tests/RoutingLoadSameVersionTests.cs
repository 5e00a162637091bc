namespace RuleScoring.Replay.Tests;

/// <summary>The routing load of one rules version against itself, on the generated year of deals.</summary>
public sealed class RoutingLoadSameVersionTests(ReplayFixture data) : IClassFixture<ReplayFixture>
{
    [Fact]
    public void RoutingLoad_SameVersionBothSides_NoChangeAnywhere()
    {
        var rules = data.RulesCopy("routing-same");

        var (code, output, error, report, _) = data.Replay(rules, rules);

        code.ShouldBe(0, error);
        var routing = report.GetProperty("routing");
        routing.GetProperty("base").GetRawText().Replace("\"base\"", "\"head\"", StringComparison.Ordinal).ShouldBe(routing.GetProperty("head").GetRawText());
        routing.GetProperty("head").GetProperty("routed").GetInt32().ShouldBeGreaterThan(20, "the generated year has A and B leads");
        var queues = routing.GetProperty("queues").EnumerateArray().ToList();
        queues.Select(q => q.GetProperty("queue").GetString()).ShouldBe(["ae_us", "ae_emea", "sdr_us", "sdr_emea"]);
        queues.ShouldAllBe(q => q.GetProperty("change").GetDouble() == 0);
        queues.ShouldAllBe(q => q.GetProperty("base").GetRawText() == q.GetProperty("head").GetRawText());
        queues.Sum(q => q.GetProperty("head").GetProperty("leads").GetInt32()).ShouldBe(routing.GetProperty("head").GetProperty("routed").GetInt32());
        routing.GetProperty("reps").EnumerateArray().ShouldAllBe(r => r.GetProperty("base").GetRawText() == r.GetProperty("head").GetRawText());
        routing.GetProperty("moves").GetArrayLength().ShouldBe(0);
        output.ShouldContain("**Routing load**");
        output.ShouldNotContain("go to another queue");
    }
}
