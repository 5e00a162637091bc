namespace RuleScoring.Core.Csv;

/// <summary>
/// One record as read: CSV fields in header order (<see cref="Names"/> null), or a JSON line's
/// fields by name. <see cref="Error"/> is set when the record could not be read at all. The
/// import's JSON-lines reader (Storage) gives the same record, so one mapping serves both formats.
/// </summary>
public sealed record SourceRecord(long Line, string Raw, IReadOnlyList<string> Values, IReadOnlyList<string>? Names, string? Error)
{
    public static SourceRecord Bad(long line, string raw, string error) => new(line, raw, [], null, error);
}
