using RuleScoring.Worker.Api;

namespace RuleScoring.Worker.Tests;

public sealed class PrometheusTextTests
{
    [Fact]
    public void LabelValues_FromTheModel_AreEscapedSoTheyCannotBreakTheFormat()
    {
        var text = new PrometheusText()
            .Gauge("rulescore_rules_active_info", "The active version.", 1, ("version", "1.0\"} 7\nevil_metric 1"), ("name", @"a\b"))
            .ToString();

        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3, text);
        text.ShouldContain("""rulescore_rules_active_info{version="1.0\"} 7\nevil_metric 1",name="a\\b"} 1""");
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Values_AreWrittenInvariantly(double value, string written) =>
        new PrometheusText().Gauge("x", "x.", value).ToString().ShouldEndWith($"x {written}\n");
}
