using System.Data.Common;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Import;

/// <summary>Rows that belong to a lead (signals, deals, dispositions): a row whose lead is not stored is rejected with its line.</summary>
internal abstract class LeadOwnedRows<TRow> : RowKind<TRow>
{
    public sealed override WriteCounts Store(ScoreDatabase db, DbTransaction transaction, List<ImportRow<TRow>> rows, ImportFindings findings)
    {
        var known = LeadWrites.CreatedAt(db, transaction, rows.Select(p => LeadId(p.Row)));
        foreach (var unknown in rows.Where(p => !known.ContainsKey(LeadId(p.Row))))
        {
            findings.Reject(unknown.Source, new RowProblem(RejectReason.UnknownLead, $"lead_id \"{LeadId(unknown.Row)}\" is not in the database (import the leads first)"));
        }

        return Store(db, transaction, [.. rows.Where(p => known.ContainsKey(LeadId(p.Row)))], known, findings);
    }

    protected abstract string LeadId(TRow row);

    /// <param name="leadCreated">Each row's lead (all stored) with its created_at, null when not known.</param>
    protected abstract WriteCounts Store(ScoreDatabase db, DbTransaction transaction, List<ImportRow<TRow>> rows, Dictionary<string, DateTimeOffset?> leadCreated, ImportFindings findings);
}
