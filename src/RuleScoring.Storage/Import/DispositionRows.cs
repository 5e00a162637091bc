using System.Data.Common;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;
using RuleScoring.Storage.Outcomes;

namespace RuleScoring.Storage.Import;

/// <summary>Sales' accept or reject of known leads; a blank reason or rep keeps the stored one.</summary>
internal sealed class DispositionRows : LeadOwnedRows<DispositionWrite>
{
    public override DispositionWrite Parse(Dictionary<string, string> row, DateTimeOffset now) => RowParser.Disposition(row, now);

    protected override string LeadId(DispositionWrite row) => row.LeadId;

    protected override WriteCounts Store(ScoreDatabase db, DbTransaction transaction, List<ImportRow<DispositionWrite>> rows, Dictionary<string, DateTimeOffset?> leadCreated, ImportFindings findings)
    {
        foreach (var p in rows.Where(p => leadCreated[p.Row.LeadId] is { } created && SqlTimestamp.Parse(p.Row.AtText) < created))
        {
            findings.Warning(ImportOddityKind.DispositionBeforeLead, p.Line);
        }

        return OutcomeWrites.UpsertDispositions(db, transaction, [.. rows.Select(p => p.Row)]);
    }
}
