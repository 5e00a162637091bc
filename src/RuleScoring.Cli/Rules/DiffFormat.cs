namespace RuleScoring.Cli.Rules;

/// <summary>How <c>rulescore diff</c> prints: a terminal table, a PR comment, or JSON for scripts.</summary>
internal enum DiffFormat
{
    Table,
    Markdown,
    Json,
}
