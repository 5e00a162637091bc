using System.Diagnostics;

namespace RuleScoring.Cli.Tests;

/// <summary>
/// Same input, same card, byte for byte, on every machine (issue 17, item 2): the sample leads are
/// scored under the shipped rules by the real command in child processes whose only difference is
/// the machine's time zone. In-process tests cannot show this: .NET reads TZ once per process.
/// </summary>
public sealed class TimeZoneDeterminismTests
{
    [SkippableTheory]
    [InlineData("json", "2026-11-20T12:00:00Z")]
    [InlineData(null, "2026-11-20")]
    public async Task Score_SampleLeads_IsByteIdenticalUnderUtcAndKolkata(string? format, string asOf)
    {
        Skip.IfNot(TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Kolkata", out _), "no tz database entry for Asia/Kolkata on this machine");
        // No format: the text cards, whose relative dates ("yesterday") are the likeliest to follow the zone.
        string[] args = ["score", "--lead", Repo.SampleLeads, "--rules", Repo.Rules, "--as-of", asOf, .. (format is null ? [] : new[] { "--format", format })];

        var runs = await Task.WhenAll(RunAsync("UTC", args), RunAsync("Asia/Kolkata", args));

        var (utc, kolkata) = (runs[0], runs[1]);
        utc.Code.ShouldBe(0, utc.Error);
        kolkata.Code.ShouldBe(0, kolkata.Error);
        System.Text.Encoding.UTF8.GetString(utc.Output).ShouldContain("L-1010", customMessage: "every sample lead was scored");
        kolkata.Output.ShouldBe(utc.Output);
    }

    private static async Task<(int Code, byte[] Output, string Error)> RunAsync(string timeZone, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rulescore.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TZ"] = timeZone;
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(patience.Token);
        await copy;
        return (process.ExitCode, output.ToArray(), await error);
    }
}
