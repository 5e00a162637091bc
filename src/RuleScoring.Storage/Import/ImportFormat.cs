namespace RuleScoring.Storage.Import;

public enum ImportFormat
{
    /// <summary>By extension: .jsonl, .ndjson and .json are JSON lines, anything else CSV.</summary>
    Auto,
    Csv,
    Jsonl,
}
