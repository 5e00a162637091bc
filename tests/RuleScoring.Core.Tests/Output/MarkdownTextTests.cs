using RuleScoring.Core.Output;

namespace RuleScoring.Core.Tests.Output;

public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("a | b", "a \\| b")]
    [InlineData("two\r\nlines\nhere\rnow", "two lines here now")]
    [InlineData("Q&A", "Q&amp;A")]
    [InlineData("&lt;", "&amp;lt;")]
    [InlineData("![x](http://t/p.png)", "!\\[x\\](http://t/p.png)")]
    [InlineData("`code`", "\\`code\\`")]
    [InlineData("back\\| slash", "back\\\\\\| slash")]
    [InlineData("demo_request *now*", "demo_request \\*now\\*")]
    [InlineData("_x_ a_ _b", "\\_x\\_ a\\_ \\_b")]
    [InlineData("=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")")]
    [InlineData(null, "")]
    public void Text_EscapesHtmlTableBreakersAndMarkdown(string? value, string expected)
    {
        MarkdownText.Text(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("plain", "`plain`")]
    [InlineData("a|b", "`a\\|b`")]
    [InlineData("x `y` z", "``x `y` z``")]
    [InlineData("``", "``` `` ```")]
    [InlineData("a\nb", "`a b`")]
    public void Code_FenceOutlastsEveryBacktickRun(string value, string expected)
    {
        MarkdownText.Code(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("a | b \\ c & d `e` [f](g) *h* _i_ ~j~")]
    [InlineData("&amp; &lt;")]
    public void Plain_UndoesText(string value)
    {
        MarkdownText.Plain(MarkdownText.Text(value)).ShouldBe(value);
        MarkdownText.Plain("x " + MarkdownText.Code(value) + " y").ShouldBe("x " + value + " y");
    }
}
