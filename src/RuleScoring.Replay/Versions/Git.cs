using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace RuleScoring.Replay.Versions;

/// <summary>Runs the git command line (Core stays free of processes); arguments are passed as a list, never through a shell.</summary>
public static class Git
{
    public static (int ExitCode, byte[] Output, string Error) Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new RulesSourceException("git did not start");
        }
        catch (Win32Exception)
        {
            throw new RulesSourceException("git is not installed or not on PATH; pass a rules folder instead of a git ref");
        }

        using (process)
        {
            // Read stderr concurrently: a full pipe on either stream would block git forever.
            var error = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            return (process.ExitCode, output.ToArray(), error.GetAwaiter().GetResult().Trim());
        }
    }

    public static string RunText(string workingDirectory, params string[] arguments)
    {
        var (code, output, error) = Run(workingDirectory, arguments);
        return code == 0
            ? Encoding.UTF8.GetString(output).Trim()
            : throw new RulesSourceException($"git {string.Join(' ', arguments)} failed: {error}");
    }
}
