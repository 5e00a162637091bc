using System.Text;
using RuleScoring.Core.Csv;

namespace RuleScoring.Core.Tests.Csv;

public sealed class CsvRecordReaderTests
{
    private static List<SourceRecord> ReadAll(string text, char delimiter = ',')
    {
        var reader = new CsvRecordReader(new StringReader(text), delimiter);
        var records = new List<SourceRecord>();
        while (reader.Read() is { } record)
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public void Read_QuotedFields_HandleDelimitersEscapedQuotesAndLineBreaks()
    {
        var records = ReadAll("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\"crlf\r\ninside\"\n3,last,\"\"\n");

        records.Select(r => r.Line).ShouldBe([1L, 2L, 3L, 6L], "record 3 spans lines 3-5");
        records[1].Values.ShouldBe(["1", "x, y", "say \"hi\""]);
        records[2].Values.ShouldBe(["2", "two\nlines", "crlf\r\ninside"]);
        records[3].Values.ShouldBe(["3", "last", ""]);
        records.ShouldAllBe(r => r.Error == null);
    }

    [Fact]
    public void Read_CrlfBomBlankLinesAndNoFinalNewline()
    {
        var records = ReadAll("\uFEFFlead_id,type\r\nL1,demo\r\n\r\nL2,\"pricing\"\r\nL3,trial");

        records.Select(r => r.Line).ShouldBe([1L, 2L, 4L, 5L]);
        records[0].Values.ShouldBe(["lead_id", "type"], "the BOM is not part of the first column name");
        records[2].Values.ShouldBe(["L2", "pricing"]);
        records[3].Values.ShouldBe(["L3", "trial"]);
    }

    [Fact]
    public void Read_Semicolons_WithSemicolonDelimiter()
    {
        var records = ReadAll("a;b\n\"1;5\";2,5\n", ';');

        records[1].Values.ShouldBe(["1;5", "2,5"]);
    }

    [Fact]
    public void Read_EmptyFieldsAndTrailingDelimiter_CountAsFields()
    {
        ReadAll(",,\n")[0].Values.ShouldBe(["", "", ""]);
    }

    [Fact]
    public void Read_TextAfterAClosingQuote_IsAnErrorForThatRecordOnly()
    {
        var records = ReadAll("a,b\n\"x\"y,1\n2,3\n");

        records[1].Error.ShouldNotBeNull().ShouldContain("after the closing quote");
        records[1].Line.ShouldBe(2);
        records[2].Values.ShouldBe(["2", "3"]);
        records[2].Line.ShouldBe(3);
    }

    [Fact]
    public void Read_UnclosedQuote_IsAnErrorNamingWhereItOpened()
    {
        var records = ReadAll("a,b\n1,2\n3,\"never closed\n4,5\n");

        records.Count.ShouldBe(3);
        records[2].Line.ShouldBe(3);
        records[2].Error.ShouldNotBeNull().ShouldContain("opened on line 3");
    }

    [Fact]
    public void Read_RecordLongerThanTheLimit_IsRejectedAndReadingGoesOn()
    {
        var text = new StringBuilder("a\n").Append('x', CsvRecordReader.MaxRecordChars + 10).Append("\n2\n").ToString();

        var records = ReadAll(text);

        records[1].Error.ShouldNotBeNull().ShouldContain("longer than");
        records[^1].Values.ShouldBe(["2"]);
        records[^1].Line.ShouldBe(3);
    }

    [Fact]
    public void Read_OverLongQuotedFieldWithRowShapedText_ResumesAfterTheClosingQuote()
    {
        // The text after the line break is inside the quotes: it is part of the rejected record, never a row.
        var text = new StringBuilder("lead_id,note\nL1,\"").Append('x', CsvRecordReader.MaxRecordChars + 10)
            .Append("\nPHANTOM,\"\"looks like a row\"\"\nPHANTOM2,x\"\nL2,ok\n").ToString();

        var records = ReadAll(text);

        records.Count.ShouldBe(3);
        records[1].Line.ShouldBe(2);
        records[1].Error.ShouldNotBeNull().ShouldContain("longer than");
        records[1].Raw.Length.ShouldBeLessThanOrEqualTo(CsvRecordReader.MaxRecordChars);
        records[2].Values.ShouldBe(["L2", "ok"]);
        records[2].Line.ShouldBe(5);
    }

    [Fact]
    public void Read_TextAfterAClosingQuote_ThenAQuotedLineBreak_ResumesAtTheTrueEndOfTheRecord()
    {
        var records = ReadAll("a,b\n\"x\"y,\"multi\nPHANTOM,1\"\n2,3\n");

        records.Count.ShouldBe(3);
        records[1].Error.ShouldNotBeNull().ShouldContain("after the closing quote");
        records[1].Raw.ShouldBe("\"x\"y,\"multi\nPHANTOM,1\"");
        records[2].Values.ShouldBe(["2", "3"]);
        records[2].Line.ShouldBe(4);
    }

    [Fact]
    public void Read_OverLongRecordWhoseQuoteNeverCloses_TakesTheRestOfTheFile_AndSaysSo()
    {
        var text = new StringBuilder("a\n\"").Append('x', CsvRecordReader.MaxRecordChars + 10).Append("\nPHANTOM\n").ToString();

        var records = ReadAll(text);

        records.Count.ShouldBe(2);
        records[1].Error.ShouldNotBeNull().ShouldContain("opened on line 2 is never closed");
    }

    [Fact]
    public void Read_EscapedQuoteAcrossTheReadBuffer_IsStillOneQuote()
    {
        // Put a doubled quote at every offset around the 64 KiB buffer edge.
        for (var pad = 65_530; pad < 65_540; pad++)
        {
            var text = "a\n\"" + new string('x', pad) + "\"\"y\"\n";

            var records = ReadAll(text);

            records[1].Values.ShouldBe([new string('x', pad) + "\"y"], $"pad {pad}");
        }
    }
}
