using Dapper;
using RuleScoring.Worker.Rules;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

public sealed class ActiveRulesTests : IDisposable
{
    // As the expression reads inside intent.json: quotes escaped.
    private const string DemoExpression = """signals.Any(\"demo_request\")""";

    private readonly WorkerFixture _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public void Refresh_FirstRead_ActivatesAndRecordsTheVersion()
    {
        _w.Rules.Refresh(_w.Db).ShouldBe(RulesRefresh.Activated);

        _w.Rules.Current!.Identity.Version.ShouldBe(WorkerFixture.ShippedVersion);
        _w.Db.Worker.LastActivation()!.RulesHash.ShouldBe(_w.Rules.Current.Identity.Hash);
        _w.Rules.Refresh(_w.Db).ShouldBe(RulesRefresh.Unchanged);
    }

    [Fact]
    public void Refresh_BrokenExpression_KeepsTheLastGoodVersionAndNamesFileAndRule()
    {
        _w.Rules.Refresh(_w.Db);
        var good = _w.Rules.Current!;
        _w.Edit("intent.json", t => t.Replace(DemoExpression, DemoExpression.Replace("Any", "Anyy", StringComparison.Ordinal), StringComparison.Ordinal));

        var refresh = _w.Rules.Refresh(_w.Db);

        refresh.ShouldBe(RulesRefresh.Rejected);
        _w.Rules.Current.ShouldBeSameAs(good);
        _w.Rules.Rejected!.Problems.ShouldContain(p => p.Contains("intent.json", StringComparison.Ordinal) && p.Contains("intent.demo_request", StringComparison.Ordinal));
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM rule_activations").ShouldBe(1);
    }

    [Fact]
    public async Task Refresh_TestFileLinkedToDevZero_IsARejectedVersionNamingTheFile_NotAFailedTick()
    {
        _w.Rules.Refresh(_w.Db);
        var good = _w.Rules.Current!;
        File.CreateSymbolicLink(Path.Combine(_w.RulesDirectory, "tests", "zero.json"), "/dev/zero");

        var refresh = Task.Run(() => _w.Rules.Refresh(_w.Db));
        (await Task.WhenAny(refresh, Task.Delay(TimeSpan.FromSeconds(20)))).ShouldBe(refresh, "reading the rules folder must not block or run away");

        (await refresh).ShouldBe(RulesRefresh.Rejected);
        _w.Rules.Current.ShouldBeSameAs(good);
        _w.Rules.Rejected!.Problems.ShouldContain(p => p.Contains("tests/zero.json", StringComparison.Ordinal) && p.Contains("is a link", StringComparison.Ordinal));
    }

    [Fact]
    public void Refresh_BrokenThenFixed_ActivatesTheFixedVersionWithItsChanges()
    {
        _w.Rules.Refresh(_w.Db);
        _w.Edit("intent.json", t => t.Replace(DemoExpression, DemoExpression + " &&", StringComparison.Ordinal));
        _w.Rules.Refresh(_w.Db).ShouldBe(RulesRefresh.Rejected);
        _w.Edit("intent.json", t => t.Replace(DemoExpression + " &&", DemoExpression, StringComparison.Ordinal));
        _w.EditJson("behavior.json", w => WorkerFixture.Rule(w, "behavior.email_click")["Properties"]!["points"] = 6);

        var refresh = _w.Rules.Refresh(_w.Db);

        refresh.ShouldBe(RulesRefresh.Activated);
        _w.Rules.Rejected.ShouldBeNull();
        var activation = _w.Db.Worker.LastActivation()!;
        activation.Id.ShouldBe(2);
        activation.Changes.ShouldContain("behavior.email_click");
        activation.Changes.ShouldContain("5 -> 6");
    }

    [Fact]
    public void Refresh_WhitespaceOnlyEdit_KeepsTheVersionWithoutANewActivation()
    {
        _w.Rules.Refresh(_w.Db);
        _w.Edit("fit.json", t => t + "\n\n");

        _w.Rules.Refresh(_w.Db).ShouldBe(RulesRefresh.Unchanged);
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM rule_activations").ShouldBe(1);
    }

    [Fact]
    public void Refresh_ChangeThatFailsARuleTest_IsRejectedWithTheTestNamed()
    {
        _w.Rules.Refresh(_w.Db);
        _w.EditJson("intent.json", w => WorkerFixture.Rule(w, "intent.demo_request")["Properties"]!["points"] = 5);

        _w.Rules.Refresh(_w.Db).ShouldBe(RulesRefresh.Rejected);

        _w.Rules.Rejected!.Problems.ShouldContain(p => p.Contains("rule test", StringComparison.Ordinal) && p.Contains("tests/", StringComparison.Ordinal));
        _w.Rules.Current!.Identity.Version.ShouldBe(WorkerFixture.ShippedVersion);
    }

    [Fact]
    public void Refresh_RestartOnTheSameRules_ReusesTheRecordedActivation()
    {
        _w.Rules.Refresh(_w.Db);
        var restarted = new ActiveRules(_w.RulesDirectory, _w.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<ActiveRules>.Instance);

        restarted.Refresh(_w.Db).ShouldBe(RulesRefresh.Activated);

        restarted.Current!.Activation.Id.ShouldBe(1);
        _w.Db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM rule_activations").ShouldBe(1);
    }
}
