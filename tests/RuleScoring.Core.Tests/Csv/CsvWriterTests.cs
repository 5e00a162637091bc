using RuleScoring.Core.Csv;
using RuleScoring.Tests.Output;

namespace RuleScoring.Core.Tests.Csv;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("-", "'-")]
    [InlineData("-1.", "'-1.")]
    public void Field_FormulaLike_ReadsBackWithALeadingQuote(string value, string expected)
    {
        var cell = CsvRows.Parse(CsvWriter.Line([value, "next"]) + "\n").ShouldHaveSingleItem();

        cell.ShouldBe([expected, "next"]);
    }

    [Theory]
    [InlineData("-12.5")]
    [InlineData("+3")]
    [InlineData("-0")]
    [InlineData("42")]
    [InlineData("L-1")]
    [InlineData("a=b")]
    [InlineData(" =1")]
    public void Field_PlainNumberOrNoLeadingTrigger_IsKept(string value)
    {
        CsvWriter.Field(value).ShouldBe(value);
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1,2", "\"'=1,2\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Field_QuotesPerRfc4180AfterNeutralising(string? value, string expected)
    {
        CsvWriter.Field(value).ShouldBe(expected);
    }

    [Fact]
    public void Line_RoundTripsEveryCellThroughAnRfc4180Reader()
    {
        string[] cells = ["<img src=x onerror=alert(1)>", "", "x\r\ny", "\"", "-12.5", "a,\"b\",c"];

        var row = CsvRows.Parse(CsvWriter.Line(cells) + "\n").ShouldHaveSingleItem();

        row.ShouldBe(cells);
    }
}
