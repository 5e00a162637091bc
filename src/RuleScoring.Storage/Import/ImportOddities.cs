using System.Globalization;

namespace RuleScoring.Storage.Import;

/// <summary>
/// Rows with dates out of order, or at odds with what is stored, counted per kind of oddity with
/// their first lines, for the import summary: impossible ones are rejected (and also in the
/// rejects file), plausible ones are stored and named as warnings so nobody meets them first in a
/// replay or report.
/// </summary>
internal sealed class ImportOddities
{
    public const string ClosedBeforeCreated = "deal(s) closed before they were created";
    public const string DealOfAnotherLead = "deal(s) whose opportunity_id is stored for another lead (a deal is never moved)";
    public const string DealAtOrBeforeFirstSignal = "deal(s) created at or before their lead's first signal (replay has no signal before such a deal to score)";
    public const string DealBeforeLead = "deal(s) created before their lead was created";
    public const string SignalBeforeLead = "signal(s) before their lead was created";
    public const string DispositionBeforeLead = "disposition(s) before their lead was created";
    public const string LeadAfterSignal = "lead(s) created after their first stored signal";

    private const int LinesShown = 5;
    private readonly List<Tally> _tallies = [];

    public void Rejected(string what, long line) => Add(what, line, rejected: true);

    public void Warning(string what, long line) => Add(what, line, rejected: false);

    /// <summary>How many rows had <paramref name="what"/>.</summary>
    public long Count(string what) => _tallies.Where(t => t.What == what).Sum(t => t.Count);

    /// <summary>One line per oddity: "rejected 3 deal(s) closed before they were created (lines 4, 9, 17)".</summary>
    public IEnumerable<string> Notes() => _tallies.Select(t => string.Create(CultureInfo.InvariantCulture,
        $"{(t.IsRejection ? "rejected" : "warning:")} {t.Count:N0} {t.What} ({(t.Count == 1 ? "line" : "lines")} {string.Join(", ", t.Lines)}{(t.Count > LinesShown ? ", ..." : "")}){(t.IsRejection ? "" : "; stored")}"));

    private void Add(string what, long line, bool rejected)
    {
        var tally = _tallies.Find(t => t.What == what && t.IsRejection == rejected);
        if (tally is null)
        {
            tally = new Tally(what, rejected);
            _tallies.Add(tally);
        }

        tally.Count++;
        if (tally.Lines.Count < LinesShown)
        {
            tally.Lines.Add(line);
        }
    }

    private sealed class Tally(string what, bool isRejection)
    {
        public string What { get; } = what;

        public bool IsRejection { get; } = isRejection;

        public long Count { get; set; }

        public List<long> Lines { get; } = [];
    }
}
