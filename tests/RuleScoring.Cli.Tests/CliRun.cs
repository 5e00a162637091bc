using Microsoft.Extensions.Time.Testing;

namespace RuleScoring.Cli.Tests;

/// <summary>Runs <c>rulescore</c> in-process from the repository root, capturing output, with a fixed clock.</summary>
internal static class CliRun
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public static string Root { get; } = FindRoot();

    public static string SampleLeads => Path.Combine(Root, "src", "RuleScoring.Cli", "Samples", "leads.jsonl");

    public static string Rules => Path.Combine(Root, "rules");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await new CliApp(new FakeTimeProvider(Now), output, error).RunAsync(args);
        return (code, output.ToString(), error.ToString());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RuleScoring.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RuleScoring.sln not found above " + AppContext.BaseDirectory);
    }
}
