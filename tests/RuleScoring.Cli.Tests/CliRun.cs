namespace RuleScoring.Cli.Tests;

/// <summary>Runs <c>rulescore</c> in-process from the repository root, capturing output, with a fixed clock.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await new CliApp(FixedClock.Create(), output, error).RunAsync(args);
        return (code, output.ToString(), error.ToString());
    }
}
