using System.Globalization;

namespace RuleScoring.Storage.Import;

/// <summary>
/// The findings of an <see cref="ImportResult"/> in words, one sentence each, for the import
/// summary: the columns dropped, what account-level rows fanned out to, and each oddity with its
/// first lines.
/// </summary>
public static class ImportNotes
{
    private const int LinesShown = 5;

    public static IReadOnlyList<string> Of(ImportResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        var notes = new List<string>();
        if (result.IgnoredColumns.Count > 0)
        {
            notes.Add($"ignored column(s) {string.Join(", ", result.IgnoredColumns.Select(d => $"\"{d}\""))}" +
                      (ImportContract.KeepsCustomColumns(result.Kind) ? " (as the mapping says)" : $" (not part of the {result.Kind.ToString().ToLowerInvariant()} contract)"));
        }

        if (result.FanOut is { } f)
        {
            notes.Add($"{f.Rows.ToString("N0", c)} row(s) of {f.Domains.ToString("N0", c)} domain(s) became {f.Signals.ToString("N0", c)} signal(s) " +
                      $"for {f.Leads.ToString("N0", c)} lead(s); {f.RowsWithoutLeads.ToString("N0", c)} row(s) of {f.DomainsWithoutLeads.ToString("N0", c)} " +
                      "domain(s) without leads are among the rejected, with their lines (inserted and duplicate count signals: a row gives one per lead of its domain)");
        }

        // "rejected 3 deal(s) closed before they were created (lines 4, 9, 17)"
        notes.AddRange(result.Oddities.Select(o => string.Create(c,
            $"{(o.Rejected ? "rejected" : "warning:")} {o.Count:N0} {What(o.Kind)} ({(o.Count == 1 ? "line" : "lines")} {string.Join(", ", o.Lines)}{(o.Count > LinesShown ? ", ..." : "")}){(o.Rejected ? "" : "; stored")}")));
        return notes;
    }

    private static string What(ImportOddityKind kind) => kind switch
    {
        ImportOddityKind.ClosedBeforeCreated => "deal(s) closed before they were created",
        ImportOddityKind.DealOfAnotherLead => "deal(s) whose opportunity_id is stored for another lead (a deal is never moved)",
        ImportOddityKind.DealAtOrBeforeFirstSignal => "deal(s) created at or before their lead's first signal (replay has no signal before such a deal to score)",
        ImportOddityKind.DealBeforeLead => "deal(s) created before their lead was created",
        ImportOddityKind.SignalBeforeLead => "signal(s) before their lead was created",
        ImportOddityKind.DispositionBeforeLead => "disposition(s) before their lead was created",
        ImportOddityKind.LeadAfterSignal => "lead(s) created after their first stored signal",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
