namespace RuleScoring.Storage.Import;

/// <summary>
/// Tallies rows with dates out of order, or at odds with what is stored, per oddity with their
/// first lines, in the order first met: impossible ones are rejected (and also in the rejects
/// file), plausible ones are stored and named as warnings so nobody meets them first in a replay
/// or report.
/// </summary>
internal sealed class ImportOddities
{
    private const int LinesShown = 5;
    private readonly List<Tally> _tallies = [];

    public void Rejected(ImportOddityKind kind, long line) => Add(kind, line, rejected: true);

    public void Warning(ImportOddityKind kind, long line) => Add(kind, line, rejected: false);

    public IReadOnlyList<ImportOddity> ToList() => [.. _tallies.Select(t => new ImportOddity(t.Kind, t.IsRejection, t.Count, [.. t.Lines]))];

    private void Add(ImportOddityKind kind, long line, bool rejected)
    {
        var tally = _tallies.Find(t => t.Kind == kind && t.IsRejection == rejected);
        if (tally is null)
        {
            tally = new Tally(kind, rejected);
            _tallies.Add(tally);
        }

        tally.Count++;
        if (tally.Lines.Count < LinesShown)
        {
            tally.Lines.Add(line);
        }
    }

    private sealed class Tally(ImportOddityKind kind, bool isRejection)
    {
        public ImportOddityKind Kind { get; } = kind;

        public bool IsRejection { get; } = isRejection;

        public long Count { get; set; }

        public List<long> Lines { get; } = [];
    }
}
