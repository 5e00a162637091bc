using System.Data.Common;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Import;

/// <summary>Signals of known leads: a new (lead, event) is inserted, a known one is a duplicate.</summary>
/// <param name="signalTypes">The model's catalogue; null checks nothing.</param>
internal sealed class SignalRows(IReadOnlySet<string>? signalTypes) : LeadOwnedRows<SignalWrite>
{
    public override SignalWrite Parse(Dictionary<string, string> row, DateTimeOffset now) => RowParser.Signal(row, now, signalTypes);

    protected override string LeadId(SignalWrite row) => row.LeadId;

    protected override WriteCounts Store(ScoreDatabase db, DbTransaction transaction, List<ImportRow<SignalWrite>> rows, Dictionary<string, DateTimeOffset?> leadCreated, ImportFindings findings)
    {
        foreach (var p in rows.Where(p => leadCreated[p.Row.LeadId] is { } created && p.Row.OccurredAt < created))
        {
            findings.Warning(ImportOddityKind.SignalBeforeLead, p.Line);
        }

        return LeadWrites.InsertSignals(db, transaction, [.. rows.Select(p => p.Row)]);
    }
}
