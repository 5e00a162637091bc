using System.Globalization;

namespace RuleScoring.Bench.Table;

/// <summary>The `table` subcommand's options; --quick picks sizes that finish in minutes on a busy 2-core box.</summary>
internal sealed record TableOptions(bool Quick, int ScoringLeads, int StoreLeads, int PostgresLeads, int Workers, int Repeats, string RulesDirectory, string? Out, bool Postgres)
{
    public const string Usage = "usage: table [--quick] [--out docs/benchmarks.md] [--leads N] [--store-leads N] [--pg-leads N] [--workers K] [--repeats N] [--rules DIR] [--no-postgres] | table --check";

    public static TableOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var options = quick
            ? new TableOptions(true, 10_000, 5_000, 5_000, 2, 3, "rules", null, true)
            // PostgreSQL at 200,000 leads: at 50,000 each worker's start and warm-up (about a
            // second of CPU each, paid once per process) was a fifth of a one-worker change, so
            // the K-vs-1 ratio measured process starts more than a rule change a team would run.
            : new TableOptions(false, 100_000, 50_000, 200_000, 2, 3, "rules", null, true);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": continue;
                case "--no-postgres": options = options with { Postgres = false }; continue;
            }

            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value; {Usage}");
            options = args[i] switch
            {
                "--out" => options with { Out = value },
                "--leads" => options with { ScoringLeads = Positive(args[i], value) },
                "--store-leads" => options with { StoreLeads = Positive(args[i], value) },
                "--pg-leads" => options with { PostgresLeads = Positive(args[i], value) },
                "--workers" => options with { Workers = Positive(args[i], value) },
                "--repeats" => options with { Repeats = Positive(args[i], value) },
                "--rules" => options with { RulesDirectory = value },
                _ => throw new ArgumentException($"unknown option {args[i]}; {Usage}"),
            };
            i++;
        }

        return options;
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} expects a positive whole number, got '{value}'");
}
