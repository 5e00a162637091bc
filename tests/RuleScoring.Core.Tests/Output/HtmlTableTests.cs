using RuleScoring.Core.Output;

namespace RuleScoring.Core.Tests.Output;

public sealed class HtmlTableTests
{
    private const string Hostile = "<script>alert(1)</script>\"'&";

    [Fact]
    public void Write_ValuesFromData_AreEncodedInCaptionHeadersCellsAndLinks()
    {
        var html = HtmlTable.Write(Hostile, ["lead", Hostile], [[Hostile, "a\nb"]], link: (column, text) => column == 0 ? "/console/leads/" + text : null);

        html.ShouldNotContain("<script");
        html.ShouldNotContain("\"'&");
        html.ShouldContain("<caption>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</caption>");
        html.ShouldContain("<th scope=\"row\"><a href=\"/console/leads/&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;\">&lt;script&gt;");
        html.ShouldContain("<td>a<br>b</td>", Case.Sensitive, "a line break in a cell stays one");
    }

    [Fact]
    public void Write_EveryHeaderCell_HasItsScope()
    {
        var html = HtmlTable.Write("t", ["tier", "leads", "note"], [["A", "12", "small sample (12 leads)"], ["B", "75", ""]], textColumns: [2]);

        html.ShouldContain("<thead><tr><th scope=\"col\" class=\"text\">tier</th><th scope=\"col\">leads</th><th scope=\"col\" class=\"text\">note</th></tr></thead>");
        html.ShouldContain("<tr><th scope=\"row\">A</th><td>12</td><td class=\"text flag\">small sample (12 leads)</td></tr>");
    }

    [Theory]
    [InlineData(1234L, "1,234")]
    [InlineData(0L, "0")]
    public void Numbers_Count_HasThousandsSeparators(long value, string expected) => ReportNumbers.N(value).ShouldBe(expected);

    [Fact]
    public void Numbers_ShareAndFixed_ReadAsTheReportPrintsThem()
    {
        ReportNumbers.Percent(0.0312).ShouldBe("3.1%");
        ReportNumbers.Percent(null).ShouldBe("-");
        ReportNumbers.N(1234.5m, 2).ShouldBe("1,234.50");
    }
}
