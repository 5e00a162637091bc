namespace RuleScoring.Storage.Import;

/// <summary>The outcome of one import, with notes about the file (e.g. columns it ignored).</summary>
public sealed record ImportResult(ImportCounts Counts, IReadOnlyList<string> Notes);
