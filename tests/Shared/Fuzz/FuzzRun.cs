using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace RuleScoring.Tests.Fuzz;

/// <summary>
/// Seeded, reproducible fuzz cases with a tally. Each case gets its own <see cref="Random"/>
/// derived from the run's seed and the case number, so one failing case can be rerun alone.
/// Environment: FUZZ_CASES (cases per target; the test run uses a few hundred), FUZZ_SEED,
/// FUZZ_CASE (run only that case), FUZZ_REPORT (append the summary line to this file: the slow
/// script prints them).
/// </summary>
internal sealed class FuzzRun
{
    public const int DefaultSeed = 20261123;

    private readonly string _target;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _failures = [];
    private long _accepted;
    private long _rejected;
    private long _crashes;
    private long _violations;

    public FuzzRun(string target, int defaultCases, ITestOutputHelper output)
    {
        _target = target;
        _output = output;
        Cases = Env("FUZZ_CASES") ?? defaultCases;
        Seed = Env("FUZZ_SEED") ?? DefaultSeed;
        OnlyCase = Env("FUZZ_CASE");
    }

    public int Cases { get; }

    public int Seed { get; }

    public int? OnlyCase { get; }

    /// <summary>Runs every case, then fails listing the first few crashes and unexplained outcomes with how to rerun them.</summary>
    public void Run(Func<FuzzCase, FuzzOutcome> body)
    {
        var clock = Stopwatch.StartNew();
        var first = OnlyCase ?? 0;
        var last = OnlyCase ?? Cases - 1;
        for (var i = first; i <= last; i++)
        {
            var fuzzCase = new FuzzCase(i, new Random(CaseSeed(Seed, i)));
            try
            {
                if (body(fuzzCase) == FuzzOutcome.Accepted)
                {
                    _accepted++;
                }
                else
                {
                    _rejected++;
                }
            }
            catch (FuzzViolation ex)
            {
                _violations++;
                Record(fuzzCase, "VIOLATION " + ex.Message);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _crashes++;
                Record(fuzzCase, "CRASH " + ex);
            }
        }

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"fuzz {_target}: seed {Seed}, {last - first + 1} cases, {_accepted} accepted, {_rejected} rejected (every one explained: {(_violations == 0 ? "yes" : "no")}), {_crashes} crashes, {_violations} violations, {clock.Elapsed.TotalSeconds:0.0} s");
        _output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllText(report, summary + Environment.NewLine);
        }

        if (_failures.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(summary + Environment.NewLine + string.Join(Environment.NewLine + Environment.NewLine, _failures));
        }
    }

    /// <summary>SplitMix64 of (seed, case): stable across runtimes, unlike HashCode.</summary>
    public static int CaseSeed(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    private void Record(FuzzCase fuzzCase, string what)
    {
        if (_failures.Count < 5)
        {
            var input = fuzzCase.Input is { } text ? text.Length > 2000 ? text[..2000] + "…" : text : "(not recorded)";
            _failures.Add($"case {fuzzCase.Index} (rerun: FUZZ_SEED={Seed} FUZZ_CASE={fuzzCase.Index}): {what}{Environment.NewLine}input: {input}");
        }
    }

    private static int? Env(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>One case: its number, its random source, and the input it built (shown when it fails).</summary>
internal sealed class FuzzCase(int index, Random random)
{
    public int Index { get; } = index;

    public Random Random { get; } = random;

    public string? Input { get; set; }
}

internal enum FuzzOutcome
{
    Accepted,
    Rejected,
}

/// <summary>The code under test did not crash but broke a property: a rejection without a reason, a stored row changed.</summary>
internal sealed class FuzzViolation(string message) : Exception(message);

internal static class Check
{
    public static void That(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzViolation(message);
        }
    }
}
