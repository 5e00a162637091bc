namespace RuleScoring.Cli;

internal enum OutputFormat
{
    Table,
    Json,
    Jsonl,
}
