using RuleScoring.Core.Governance;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Governance;

public sealed class ChangelogReaderTests
{
    [Fact]
    public void ShippedChangelog_HasTheFirstVersionWithBothApprovals()
    {
        var changelog = ChangelogReader.Read(Repo.Rules);

        changelog.Problems.ShouldBeEmpty(string.Join(Environment.NewLine, changelog.Problems));
        var entry = changelog.Find(DefaultModel.RuleSet.Identity.Version).ShouldNotBeNull();
        entry.ApprovedBy.Select(a => a.Role).ShouldBe(["marketing", "sales"]);
        entry.Replay.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Entry_ReadsVersionDateApprovalsReplayAndText()
    {
        var changelog = ChangelogReader.Parse("""
            # Rules changelog

            Intro text, with an example in a code block:

                ## 9.9.9 — 2000-01-01
                Approved-by: nobody (at all)

            ## 1.1.0 — 2026-11-23
            Raised comparison views 25 -> 35.
            - **Approved-by:** marketing (Dana Whitfield), sales (Reyes, Marco)
            Replay: AUC 0.71 -> 0.74

            ## 1.0.0 - 2026-11-20
            First version.
            """);

        changelog.Problems.ShouldBeEmpty();
        changelog.Entries.Select(e => e.Version).ShouldBe(["1.1.0", "1.0.0"]);
        var entry = changelog.Find("1.1.0").ShouldNotBeNull();
        entry.Date.ShouldBe(new DateOnly(2026, 11, 23));
        entry.Line.ShouldBe(8);
        entry.ApprovedBy.ShouldBe([new Approval("marketing", "Dana Whitfield", 10), new Approval("sales", "Reyes, Marco", 10)]);
        entry.Replay.ShouldBe("AUC 0.71 -> 0.74");
        entry.Text.ShouldBe("Raised comparison views 25 -> 35.");
        entry.IsEmergency.ShouldBeFalse();
    }

    [Fact]
    public void MalformedEntries_AreErrorsOnTheirLines()
    {
        var changelog = ChangelogReader.Parse("""
            # Rules changelog
            Approved-by: marketing (too early)
            ## 1.2.0 — 23/11/2026
            Something.
            ## 1.1 — 2026-11-22
            Something else.
            ## 1.0.1 — 2026-11-21
            Approved-by: marketing, sales (Marco)
            Emergency:
            ## 1.0.0 — 2026-11-20
            ## 1.0.0 — 2026-11-20
            Again.
            """);

        var problems = changelog.Problems.Select(p => (p.Line, p.Message)).ToArray();
        problems.ShouldContain(p => p.Line == 2 && p.Message.Contains("before the first version heading"));
        problems.ShouldContain(p => p.Line == 3 && p.Message.Contains("YYYY-MM-DD"));
        problems.ShouldContain(p => p.Line == 5 && p.Message.Contains("not semantic versioning"));
        problems.ShouldContain(p => p.Line == 8 && p.Message.Contains("\"marketing\" must read role (name)"));
        problems.ShouldContain(p => p.Line == 9 && p.Message.Contains("Emergency: needs a reason"));
        problems.ShouldContain(p => p.Line == 10 && p.Message.Contains("says nothing"));
        problems.ShouldContain(p => p.Line == 11 && p.Message.Contains("two entries"));
        changelog.Problems.ShouldAllBe(p => p.File == "CHANGELOG.md");
    }

    [Fact]
    public void HeadingWithoutDate_IsAnError()
    {
        var problem = ChangelogReader.Parse("## 1.1.0\nText.\n").Problems.ShouldHaveSingleItem();

        problem.Line.ShouldBe(1);
        problem.Message.ShouldContain("## VERSION — DATE");
    }

    [Fact]
    public void EmergencyAndRetroReview_AreRead()
    {
        var entry = ChangelogReader.Parse("""
            ## 1.0.1 — 2026-11-21
            Competitor list missed a domain; leads were routed to sales.
            Emergency: competitor leads reaching reps
            Approved-by: sales (Marco Reyes)
            Retro-reviewed-by: marketing (Dana Whitfield), sales (Marco Reyes)
            """).Entries.ShouldHaveSingleItem();

        entry.Emergency.ShouldBe("competitor leads reaching reps");
        entry.RetroReviewedBy.Select(a => a.Role).ShouldBe(["marketing", "sales"]);
    }

    [Fact]
    public void MissingFile_IsAnEmptyChangelogThatDoesNotExist()
    {
        using var rules = new RulesCopy();

        var changelog = ChangelogReader.Read(rules.Directory);

        changelog.Exists.ShouldBeFalse();
        changelog.Entries.ShouldBeEmpty();
    }
}
