namespace RuleScoring.Bench;

/// <summary>Each subcommand, its options and what it measures: what `--help` prints.</summary>
internal static class Usage
{
    public static readonly string[] Lines =
    [
        "[--leads 100000] [--threads 1,2] [--repeats 3] [--rules rules] [--seed 42]",
        "    Scores a generated workload with LeadScorer, compiled (each rule a delegate) and reference",
        "    (RulesEngine's ExecuteAllRulesAsync per lead), each plain and with FastExpressionCompiler, and",
        "    with the same model written by hand; checks the hand-written cards agree with the compiled ones",
        "    and the reference cards are the compiled ones byte for byte, then prints leads/s as ratios to",
        "    the hand-written scorer and compiled to reference, all measured in the same run.",
        "rescore [--leads 1000000] [--activity 2.5] [--rules DIR] [--dir DIR] [--reuse yes|no]",
        "    Generates, imports and rescores through SQLite: the storage path at scale (RescoreBenchmark).",
        "table [--quick] [--out docs/benchmarks.md] [--leads N] [--store-leads N] [--pg-leads N] [--workers K] [--repeats N] [--rules DIR] [--no-postgres] | table --check",
        "    The issue-19 benchmarks in one run, one table of same-run ratios, written between docs/benchmarks.md's markers (TableBenchmark).",
        "replay [--deals 100000]",
        "    Replays generated deals under two rule versions, metrics included, against one version scored once (ReplayBenchmark).",
        "tick [--leads 100000]",
        "    The worker's incremental tick against its own first (full) tick, in the same run (TickBenchmark).",
        "api [--leads 20000] [--seconds 15] [--concurrency 16]",
        "    The worker's HTTP API under load from this process, 0 lost (ApiLoadBenchmark).",
        "workers --db \"Host=...;Database=...\" [--leads 1000000] [--workers 2]",
        "    K worker processes sharing one PostgreSQL database against one, no lead scored twice (WorkersBenchmark; tools/faults/pg-workers.sh).",
        "deliveries [--leads 5000] [--parallel 8]",
        "    Webhook deliveries per second to a receiver in this process, against plain signed POSTs (DeliveryBenchmark).",
        "routing [--leads 20000]",
        "    Routing's cost per lead (queue rule, assignment, play) as a ratio to scoring the same leads (RoutingBenchmark).",
    ];
}
