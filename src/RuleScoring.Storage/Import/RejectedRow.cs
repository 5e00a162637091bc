namespace RuleScoring.Storage.Import;

/// <summary>A row that was not imported: where it starts in the file, why, and its text as read (cut at 4,096 characters).</summary>
public sealed record RejectedRow(long Line, string Reason, string Record);
