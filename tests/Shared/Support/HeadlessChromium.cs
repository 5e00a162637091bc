using System.Diagnostics;

namespace RuleScoring.Tests.Support;

/// <summary>
/// Debian's chromium, headless, as a person's browser: loads a page from a file, hands back the
/// DOM after load and every console message (an uncaught error shows up as one), or takes a
/// screenshot. A page is a file or an http:// address (the worker's console on loopback). Each run gets a profile folder of its own, so parallel tests do not share one.
/// Tests skip when <see cref="Missing"/> is not null (CI installs chromium; see .ci/run).
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string? Executable = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? Missing => Executable is null
        ? "Debian's chromium is not installed (apt-get install -y chromium): the page is not loaded in a browser here"
        : null;

    /// <summary>The DOM as the browser holds it after load, and the console messages logged while loading.</summary>
    public static (string Dom, IReadOnlyList<string> Console) Load(string htmlFile)
    {
        var (output, log) = Run(htmlFile, ["--dump-dom"]);
        return (output, ConsoleLines(log));
    }

    /// <summary>A PNG of the page at <paramref name="width"/> x <paramref name="height"/>; the console messages logged while loading.</summary>
    public static IReadOnlyList<string> Screenshot(string htmlFile, string png, int width = 1280, int height = 2000)
    {
        var (_, log) = Run(htmlFile, [$"--screenshot={png}", "--hide-scrollbars", $"--window-size={width},{height}"]);
        return ConsoleLines(log);
    }

    // chromium logs a page's console at INFO: [..:INFO:CONSOLE:1] "Uncaught ReferenceError: ...", source: file:///... (1)
    private static List<string> ConsoleLines(string log) =>
        log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();

    private static (string Output, string Log) Run(string htmlFile, string[] args)
    {
        if (Executable is null)
        {
            throw new InvalidOperationException(Missing);
        }

        using var profile = new TempFolder("rulescoring-chromium");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var page = htmlFile.StartsWith("http://", StringComparison.Ordinal) ? htmlFile : new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri;
        foreach (var arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile.Path}", "--enable-logging=stderr", "--v=0", .. args, page])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var log = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish loading {htmlFile} in two minutes");
        }

        process.ExitCode.ShouldBe(0, log.Result);
        return (output.Result, log.Result);
    }
}
