using System.Diagnostics;

namespace RuleScoring.Cli.Tests.Faults;

/// <summary>
/// Runs rulescore as a real process (the built rulescore.dll beside the tests) and kills it with
/// SIGKILL part-way: no finally blocks, no flushing, what a crash or an OOM kill does.
/// </summary>
internal static class KilledProcess
{
    /// <summary>Only keeps a command that hangs from hanging the test run; never what a kill waits for.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

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

    /// <summary>
    /// Starts the command and kills it when it writes its first progress line (a stderr line
    /// starting with <paramref name="progress"/>, written after the first batch: the interval is set
    /// to 0 for this run): the command says itself that it is part-way, so the kill lands mid-run
    /// however loaded or fast the machine is, never before the work started. True when it was still
    /// running (a real kill); false when it finished first.
    /// </summary>
    public static bool RunAndKill(ProcessStartInfo start, string progress)
    {
        start.Environment[ProgressClock.IntervalVariable] = "0";
        using var process = Process.Start(start)!;
        var partWay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(progress, StringComparison.Ordinal) == true)
            {
                partWay.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var exited = process.WaitForExitAsync();
        var first = Task.WhenAny(partWay.Task, exited, Task.Delay(Patience)).GetAwaiter().GetResult();
        if (first == exited)
        {
            return false;
        }

        var killed = !process.HasExited;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        if (first != partWay.Task)
        {
            throw new TimeoutException($"rulescore {string.Join(' ', start.ArgumentList.Skip(1))} neither reported progress nor finished within {Patience.TotalMinutes:0} min");
        }

        return killed;
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
