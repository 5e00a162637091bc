namespace RuleScoring.Cli.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public async Task RunOnce_ImportedLeads_ScoresThemAllThenNothingOnTheNextTick()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "test.db");
        var (leads, signals) = SampleCsv.Write(dir);
        (await CliRun.RunAsync("import", "leads", leads, "--db", db)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("import", "signals", signals, "--db", db)).ExitCode.ShouldBe(0);
        var logs = Path.Combine(dir.Path, "logs");

        var (code, output, _) = await CliRun.RunAsync("run", "--once", "--db", db, "--rules", Repo.Rules, "--log-dir", logs);
        var (_, again, _) = await CliRun.RunAsync("run", "--once", "--db", db, "--rules", Repo.Rules, "--log-dir", logs);

        code.ShouldBe(0);
        output.ShouldContain($"{SampleCsv.Leads.Count} leads scored ({SampleCsv.Leads.Count} for rules");
        again.ShouldContain("0 leads scored");
        Directory.GetFiles(logs, "worker-*.log").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Run_BadSettings_ExitsTwoNamingEachSetting()
    {
        using var dir = new TempFolder();

        var (code, _, error) = await CliRun.RunAsync("run", "--once", "--db", Path.Combine(dir.Path, "x.db"), "--rules", Path.Combine(dir.Path, "missing"),
            "--batch-size", "0", "--log-dir", Path.Combine(dir.Path, "logs"));

        code.ShouldBe(2);
        error.ShouldContain("Rules: the rules folder");
        error.ShouldContain("BatchSize: 0");
    }

    [Fact]
    public async Task Run_ListenOnAllAddressesWithoutKey_ExitsTwoBeforeServing()
    {
        using var dir = new TempFolder();
        var run = CliRun.RunAsync("run", "--db", Path.Combine(dir.Path, "x.db"), "--rules", Repo.Rules, "--listen", "0.0.0.0", "--port", "0",
            "--log-dir", Path.Combine(dir.Path, "logs"));

        // Today's refusal comes at start; a worker that started serving would never return.
        (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)))).ShouldBe(run, "the worker started serving the network without a key");
        var (code, _, error) = await run;

        code.ShouldBe(2);
        error.ShouldContain("ListenAddress: 0.0.0.0 lets other machines reach the API, which then needs a key");
    }

    [Fact]
    public async Task Run_ApiKeyOnCommandLine_WarnsItIsVisibleInTheProcessList()
    {
        using var dir = new TempFolder();

        var (_, _, error) = await CliRun.RunAsync("run", "--once", "--db", Path.Combine(dir.Path, "x.db"), "--rules", Repo.Rules,
            "--api-key", "0123456789abcdef0123", "--log-dir", Path.Combine(dir.Path, "logs"));

        error.ShouldContain("--api-key is visible to every local user in the process list");
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1.5h", 5400)]
    public void TryParseInterval_NumberWithUnit_IsThatManySeconds(string text, int seconds)
    {
        Worker.RunCommand.TryParseInterval(text, out var interval).ShouldBeTrue();
        interval.TotalSeconds.ShouldBe(seconds);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("-5m")]
    [InlineData("5d")]
    [InlineData("m")]
    public void TryParseInterval_Malformed_IsRefused(string text) => Worker.RunCommand.TryParseInterval(text, out _).ShouldBeFalse();
}
