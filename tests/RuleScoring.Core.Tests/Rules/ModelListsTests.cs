using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Tests.Rules;

public sealed class ModelListsTests
{
    private static readonly ModelLists Lists = new(new Dictionary<string, string[]>
    {
        ["academic"] = ["edu", "ac.uk"],
        ["titles"] = ["vp", "head of", "cto"],
    });

    [Theory]
    [InlineData("mit.edu", true)]
    [InlineData("ox.ac.uk", true)]
    [InlineData("edu", true)]
    [InlineData("education.com", false)]
    [InlineData("notedu", false)]
    [InlineData("", false)]
    public void EndsWith_MatchesDomainsAndTheirSubdomainsOnly(string domain, bool expected)
    {
        Lists.EndsWith("academic", domain).ShouldBe(expected);
    }

    [Theory]
    [InlineData("VP, Marketing", true)]
    [InlineData("Head of Sales", true)]
    [InlineData("Director", false)]
    [InlineData("Headhunter", false)]
    [InlineData("", false)]
    public void Mentions_MatchesWholeWords(string title, bool expected)
    {
        Lists.Mentions("titles", title).ShouldBe(expected);
    }

    /// <summary>
    /// Mentions builds its word form on the stack; it must agree with the string form it replaced
    /// (lower-cased, split on ASCII non-word characters, joined by one space) on any text: mixed
    /// case, punctuation runs, non-ASCII letters, surrogate pairs, text of separators only, and
    /// text longer than the stack buffer.
    /// </summary>
    [Fact]
    public void Mentions_AgreesWithTheStringWordForm_OnRandomText()
    {
        string[] entries = ["vp", "head of", "c-level", "Ärzte", "director", "x", "-"];
        var lists = new ModelLists(new Dictionary<string, string[]> { ["t"] = entries });
        var entryForms = entries.Select(ModelLists.WordForm).ToArray();
        string[] pieces = ["vp", "VP", "Head", "of", "OF", "c", "level", "ÄRZTE", "ärzte", "İ", "ß", "Σ", "😀", "director", "Directors", "x", "X1",
            " ", ",", "-", "--", ".", "/", "\t", "&", "(", ")", "\u00a0"];
        var random = new Random(20261204);
        var disagreements = new List<string>();
        for (var i = 0; i < 5000; i++)
        {
            var count = i % 50 == 0 ? random.Next(120, 200) : random.Next(1, 12);
            var text = string.Concat(Enumerable.Range(0, count).Select(_ => pieces[random.Next(pieces.Length)]));
            var words = ModelLists.WordForm(text);
            var expected = entryForms.Any(e => words.Contains(e, StringComparison.Ordinal));
            if (lists.Mentions("t", text) != expected)
            {
                disagreements.Add(text);
            }
        }

        disagreements.ShouldBeEmpty();
    }

    [Fact]
    public void Mentions_OneTitleAskedOfSeveralLists_AnswersForEachListAndEachTitle()
    {
        // The word form of the last title asked is kept: a title asked again against another list,
        // then another title, then the first again, each answers for itself.
        var lists = new ModelLists(new Dictionary<string, string[]> { ["exec"] = ["vp", "chief"], ["director"] = ["director", "head of"] });
        var vp = "VP, Sales";
        var head = new string("Head of Sales".AsSpan());

        lists.Mentions("exec", vp).ShouldBeTrue();
        lists.Mentions("director", vp).ShouldBeFalse();
        lists.Mentions("director", head).ShouldBeTrue();
        lists.Mentions("exec", head).ShouldBeFalse();
        lists.Mentions("exec", vp).ShouldBeTrue();
        lists.Mentions("director", "Head of Sales").ShouldBeTrue();
        lists.Mentions("exec", new string('x', 300) + " chief").ShouldBeTrue();
        lists.Mentions("director", vp).ShouldBeFalse();
        Should.Throw<KeyNotFoundException>(() => lists.Mentions("nope", vp)).Message.ShouldContain("nope");
    }

    [Fact]
    public void UnknownList_Throws_SoTheRuleReportsAnError()
    {
        Should.Throw<KeyNotFoundException>(() => Lists.Contains("nope", "x")).Message.ShouldContain("nope");
    }

    /// <summary>
    /// A lead's tech stack is read by index, not enumerated through a closure: the same answer as
    /// any other sequence of the same values, and each value read is still charged to the
    /// evaluation budget (a stack longer than the budget fails the rule rather than running on).
    /// </summary>
    [Theory]
    [InlineData(new[] { "jira", " Snowflake " }, true)]
    [InlineData(new[] { "jira", "excel" }, false)]
    [InlineData(new string[0], false)]
    public void ContainsAny_AList_AnswersAsAnySequenceAndChargesEachValueRead(string[] values, bool expected)
    {
        var lists = new ModelLists(new Dictionary<string, string[]> { ["partner_tech"] = ["snowflake", "slack"] });

        lists.ContainsAny("partner_tech", new MeteredList<string>(values)).ShouldBe(expected);
        lists.ContainsAny("partner_tech", values.Select(v => v)).ShouldBe(expected);

        var endless = new MeteredList<string>([.. Enumerable.Repeat("jira", (int)EvaluationBudget.MaxSteps + 1)]);
        using (EvaluationBudget.Begin())
        {
            Should.Throw<EvaluationBudgetExceededException>(() => lists.ContainsAny("partner_tech", endless));
        }
    }
}
