using System.Data.Common;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;
using RuleScoring.Storage.Outcomes;

namespace RuleScoring.Storage.Import;

/// <summary>
/// Deals of known leads, merged into the stored deal (a blank cell keeps the stored value).
/// Rejects what cannot be true (a deal closing before it was created, a deal id stored for
/// another lead) and warns of what is odd but plausible in a CRM export.
/// </summary>
internal sealed class DealRows : LeadOwnedRows<DealWrite>
{
    public override DealWrite Parse(Dictionary<string, string> row, DateTimeOffset now) => RowParser.Deal(row, now);

    protected override string LeadId(DealWrite row) => row.LeadId;

    protected override WriteCounts Store(ScoreDatabase db, DbTransaction transaction, List<ImportRow<DealWrite>> rows, Dictionary<string, DateTimeOffset?> leadCreated, ImportFindings findings)
    {
        var deals = OutcomeWrites.StoredDeals(db, transaction, rows.Select(p => p.Row.DealId));
        var firstSignals = LeadWrites.FirstSignals(db, transaction, rows.Select(p => p.Row.LeadId));
        var kept = new List<DealWrite>(rows.Count);
        foreach (var row in rows)
        {
            var deal = row.Row;
            var stored = deals.GetValueOrDefault(deal.DealId);
            if (stored is not null && stored.LeadId != deal.LeadId)
            {
                findings.Reject(row.Source, ImportOddityKind.DealOfAnotherLead, new RowProblem(RejectReason.DealOfAnotherLead,
                    $"opportunity_id \"{deal.OpportunityId}\" belongs to lead \"{stored.LeadId}\", not \"{deal.LeadId}\": " +
                    "a deal is never moved between leads (correct the row, or the lead of the stored deal)"));
                continue;
            }

            // A blank cell keeps the stored date (the merge), so the dates to check are the merged ones.
            var createdAt = deal.CreatedAt ?? stored?.CreatedAt;
            var closedAt = deal.ClosedAt ?? stored?.ClosedAt;
            if (closedAt < createdAt)
            {
                findings.Reject(row.Source, ImportOddityKind.ClosedBeforeCreated, new RowProblem(RejectReason.ClosedBeforeCreated,
                    $"closed_at {Timestamps.Format(closedAt.Value)} is before created_at {Timestamps.Format(createdAt.Value)}" +
                    $"{(deal.CreatedAt is null ? " (stored)" : deal.ClosedAt is null ? " (closed_at stored)" : "")}: a deal cannot close before it is created"));
                continue;
            }

            deals[deal.DealId] = new StoredDeal(deal.LeadId, createdAt, closedAt);
            if (createdAt is { } created && leadCreated[deal.LeadId] is { } leadCreatedAt && created < leadCreatedAt)
            {
                findings.Warning(ImportOddityKind.DealBeforeLead, row.Line);
            }

            if (createdAt is { } opened && firstSignals.TryGetValue(deal.LeadId, out var firstSignal) && opened <= firstSignal)
            {
                findings.Warning(ImportOddityKind.DealAtOrBeforeFirstSignal, row.Line);
            }

            kept.Add(deal);
        }

        return OutcomeWrites.UpsertDeals(db, transaction, kept);
    }
}
