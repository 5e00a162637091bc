namespace RuleScoring.Storage.Import;

/// <summary>
/// A row that was not imported: where it starts in the file, why (a <see cref="Code"/> and the
/// <see cref="Reason"/> in words), and its text as read (cut at 4,096 characters). From a CSV file
/// it also carries the header's <see cref="Columns"/> and the row's <see cref="Values"/> whole, so
/// a rejects file can hold the row to fix and import again (a record that could not be read as
/// CSV at all has its text as read as the only value).
/// </summary>
public sealed record RejectedRow(long Line, RejectReason Code, string Reason, string Record, IReadOnlyList<string>? Columns = null, IReadOnlyList<string>? Values = null)
{
    /// <summary>The rejects file's column with the line and reason; an import skips it, so a fixed rejects file imports as it is.</summary>
    public const string ReasonColumn = "reject_reason";
}
