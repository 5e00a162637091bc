using System.Data.Common;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Import;

/// <summary>Leads: inserted, or merged into the stored lead (a non-empty value wins); every other column is a custom attribute.</summary>
internal sealed class LeadRows : RowKind<LeadWrite>
{
    public override LeadWrite Parse(Dictionary<string, string> row, DateTimeOffset now) => RowParser.Lead(row, now);

    public override WriteCounts Store(ScoreDatabase db, DbTransaction transaction, List<ImportRow<LeadWrite>> rows, ImportFindings findings)
    {
        var dated = rows.Where(p => p.Row.CreatedAt is not null).ToList();
        var firstSignals = dated.Count == 0 ? [] : LeadWrites.FirstSignals(db, transaction, dated.Select(p => p.Row.LeadId));
        foreach (var p in dated.Where(p => firstSignals.TryGetValue(p.Row.LeadId, out var first) && first < p.Row.CreatedAt))
        {
            findings.Warning(ImportOddityKind.LeadAfterSignal, p.Line);
        }

        return LeadWrites.UpsertLeads(db, transaction, [.. rows.Select(p => p.Row)]);
    }
}
