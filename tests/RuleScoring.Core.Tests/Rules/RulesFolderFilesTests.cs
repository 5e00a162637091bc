using System.Runtime.InteropServices;
using RuleScoring.Core.Governance;
using RuleScoring.Core.RuleTests;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Rules;

/// <summary>
/// The rules folder comes from a pull request: links out of it, devices, pipes and huge files are
/// refused by name before anything is read, so validate and the worker neither block, nor fill
/// memory, nor echo another file's content.
/// </summary>
public sealed class RulesFolderFilesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void Validate_WorkflowLinkedToAJsonFileOutsideTheFolder_IsRefusedWithoutReadingIt()
    {
        using var rules = new RulesCopy();
        var outside = Path.Combine(Path.GetTempPath(), $"secret-{Guid.NewGuid():N}.json");
        File.WriteAllText(outside, """{ "db_password_field": "hunter2" }""");
        try
        {
            Replace(rules, "fit.json", path => File.CreateSymbolicLink(path, outside));

            var result = RuleSetLoader.Validate(rules.Directory);

            result.RuleSet.ShouldBeNull();
            result.Errors.ShouldContain(p => p.File == "fit.json" && p.Message.Contains("is a link", StringComparison.Ordinal));
            result.Problems.ShouldNotContain(p => p.Message.Contains("db_password_field", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [SkippableFact]
    public async Task Validate_WorkflowLinkedToDevZero_IsRefusedAtOnce()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "no /dev/zero on this machine");
        using var rules = new RulesCopy();
        Replace(rules, "intent.json", path => File.CreateSymbolicLink(path, "/dev/zero"));

        var result = await WithinPatience(() => RuleSetLoader.Validate(rules.Directory));

        result.Errors.ShouldContain(p => p.File == "intent.json" && p.Message.Contains("is a link", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Validate_WorkflowThatIsAPipe_IsRefusedWithoutWaitingForAWriter()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "named pipes are made with Linux's mkfifo");
        using var rules = new RulesCopy();
        Replace(rules, "behavior.json", path => MakeFifo(path, Convert.ToUInt32("644", 8)).ShouldBe(0));

        var result = await WithinPatience(() => RuleSetLoader.Validate(rules.Directory));

        result.Errors.ShouldContain(p => p.File == "behavior.json" && p.Message.Contains("device or pipe", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OversizedWorkflow_IsRefusedNamingTheCap()
    {
        using var rules = new RulesCopy();
        rules.Edit("fit.json", t => t + new string(' ', (int)RulesFile.MaxFileBytes));

        var result = RuleSetLoader.Validate(rules.Directory);

        result.Errors.ShouldContain(p => p.File == "fit.json" && p.Message.Contains("over the 1,024 KB a rules file may hold", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WorkflowWithMoreRulesThanTheCap_IsRefusedBeforeCompilingThem()
    {
        using var rules = new RulesCopy().EditJson("fit.json", w =>
        {
            var list = w["Rules"]!.AsArray();
            for (var i = list.Count; i <= RuleSetLoader.MaxRulesPerWorkflow; i++)
            {
                list.Add(System.Text.Json.Nodes.JsonNode.Parse($$"""{ "RuleName": "fit.copy_{{i}}", "Expression": "lead.Employees >= {{i}}", "Properties": { "points": 1, "reason": "copy" } }"""));
            }
        });

        var result = RuleSetLoader.Validate(rules.Directory);

        result.Errors.ShouldContain(p => p.File == "fit.json" && p.Message.Contains($"over the {RuleSetLoader.MaxRulesPerWorkflow:N0} a workflow may hold", StringComparison.Ordinal));
        result.Errors.ShouldNotContain(p => p.Rule != null && p.Rule.StartsWith("fit.copy_", StringComparison.Ordinal), "the rules are not read one by one");
    }

    [SkippableFact]
    public async Task RuleTests_TestFileLinkedToDevZero_IsAProblemNamingTheFile()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "no /dev/zero on this machine");
        using var rules = new RulesCopy();
        var ruleSet = RuleSetLoader.Load(rules.Directory);
        File.CreateSymbolicLink(Path.Combine(rules.Directory, "tests", "zero.json"), "/dev/zero");

        var suite = await WithinPatience(() => RuleTestReader.Read(rules.Directory, ruleSet));

        suite.Problems.ShouldContain(p => p.File == "tests/zero.json" && p.Message.Contains("is a link", StringComparison.Ordinal));
        suite.Cases.ShouldNotBeEmpty("the other test files are still read");
    }

    [Fact]
    public void RuleTests_TestsFolderLinkedElsewhere_IsRefused()
    {
        using var rules = new RulesCopy();
        var ruleSet = RuleSetLoader.Load(rules.Directory);
        var tests = Path.Combine(rules.Directory, "tests");
        var elsewhere = tests + "-real";
        Directory.Move(tests, elsewhere);
        Directory.CreateSymbolicLink(tests, elsewhere);

        var suite = RuleTestReader.Read(rules.Directory, ruleSet);

        suite.Problems.ShouldNotBeEmpty();
        suite.Problems.ShouldAllBe(p => p.Message.Contains("which is a link", StringComparison.Ordinal));
        suite.Cases.ShouldBeEmpty();
    }

    [Fact]
    public void Changelog_LinkedOutOfTheFolder_IsAProblemNotARead()
    {
        using var rules = new RulesCopy();
        var outside = Path.Combine(Path.GetTempPath(), $"notes-{Guid.NewGuid():N}.md");
        File.WriteAllText(outside, "## 9.9.9 — 2026-01-01\n- secret\n");
        try
        {
            File.CreateSymbolicLink(Path.Combine(rules.Directory, Changelog.FileName), outside);

            var changelog = ChangelogReader.Read(rules.Directory);

            changelog.Entries.ShouldBeEmpty();
            changelog.Problems.ShouldContain(p => p.Message.Contains("is a link", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    private static void Replace(RulesCopy rules, string file, Action<string> make)
    {
        var path = Path.Combine(rules.Directory, file);
        File.Delete(path);
        make(path);
    }

    // A reader that blocks (a pipe) or never ends (/dev/zero) fails the test instead of hanging the run.
    private static async Task<T> WithinPatience<T>(Func<T> read)
    {
        var task = Task.Run(read);
        (await Task.WhenAny(task, Task.Delay(Patience))).ShouldBe(task, $"the read did not finish within {Patience.TotalSeconds} s");
        return await task;
    }

    [DllImport("libc", EntryPoint = "mkfifo")]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
