namespace RuleScoring.Storage.Import;

/// <summary>
/// The file or mapping cannot be imported at all (missing, no header, a required column absent,
/// a bad mapping), or the database failed mid-import. The message names the file and what is
/// wrong. <see cref="Counts"/> says what was committed before it stopped, if anything.
/// </summary>
public sealed class ImportException : Exception
{
    public ImportException(string message, ImportCounts? counts = null, Exception? inner = null)
        : base(message, inner) => Counts = counts;

    public ImportException()
    {
    }

    public ImportException(string message)
        : base(message)
    {
    }

    public ImportException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ImportCounts? Counts { get; }
}
