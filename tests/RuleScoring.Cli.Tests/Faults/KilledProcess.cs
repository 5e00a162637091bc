using System.Diagnostics;

namespace RuleScoring.Cli.Tests.Faults;

/// <summary>
/// Runs rulescore as a real process (the built rulescore.dll beside the tests) and kills it with
/// SIGKILL part-way: no finally blocks, no flushing, what a crash or an OOM kill does.
/// </summary>
internal static class KilledProcess
{
    /// <summary>How many kills per scenario: 3 in the test run; FAULT_ROUNDS=20 (tools/faults.sh) for the slow run.</summary>
    public static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("FAULT_ROUNDS"), out var n) && n > 0 ? n : 3;

    public static ProcessStartInfo Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rulescore.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>Starts the command and kills it after <paramref name="after"/>; true when it was still running (a real kill).</summary>
    public static bool RunAndKill(ProcessStartInfo start, TimeSpan after)
    {
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        if (process.WaitForExit(after))
        {
            return false;
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return true;
    }

    public static (int Code, string Error) Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, error.Result + output.Result);
    }
}
