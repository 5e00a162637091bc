using System.CommandLine;

namespace RuleScoring.Cli;

/// <summary>Options shared by several commands, named the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary>The database every command uses when --db is not given.</summary>
    public const string DefaultDb = "rulescore.db";

    public static Option<string> Rules() => new("--rules")
    {
        Description = "The rules folder (model.json, fit/intent/behavior/tiers.json)",
        DefaultValueFactory = _ => "rules",
    };

    public static Option<string> Db() => new("--db")
    {
        Description = "The SQLite database file, or a PostgreSQL connection string (Host=...;Database=...;Username=... or postgresql://user@host/db)",
        DefaultValueFactory = _ => DefaultDb,
    };

    public static Option<OutputFormat> Format() => new("--format")
    {
        Description = "table for people, json or jsonl for machines",
        DefaultValueFactory = _ => OutputFormat.Table,
    };
}
