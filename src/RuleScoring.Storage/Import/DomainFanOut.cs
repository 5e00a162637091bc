using System.Data.Common;
using Dapper;
using RuleScoring.Core.Accounts;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Import;

/// <summary>
/// Account-level signals (a mapping with fanout "domain"): each row becomes one signal per lead
/// of its domain; a row whose domain has no lead is rejected with its line (counted, never dropped
/// in silence). A lead belongs to a domain by its own domain (the <c>domain</c> column, else its
/// email's) or by its account (lead_accounts, when account rescoring keyed it by that domain).
/// </summary>
/// <param name="signalTypes">The model's catalogue; null checks nothing.</param>
internal sealed class DomainFanOut(IReadOnlySet<string>? signalTypes) : RowKind<DomainSignal>
{
    private readonly HashSet<string> _domainsMatched = new(StringComparer.Ordinal);
    private readonly HashSet<string> _domainsWithoutLeads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leadsReached = new(StringComparer.Ordinal);
    private Dictionary<string, List<string>>? _leadsByDomain;
    private long _rows;
    private long _signals;
    private long _rowsWithoutLeads;

    public override DomainFanOutCounts FanOut =>
        new(_rows, _domainsMatched.Count, _signals, _leadsReached.Count, _rowsWithoutLeads, _domainsWithoutLeads.Count);

    public override DomainSignal Parse(Dictionary<string, string> row, DateTimeOffset now) => RowParser.DomainSignal(row, now, signalTypes);

    public override WriteCounts Store(ScoreDatabase db, DbTransaction transaction, List<ImportRow<DomainSignal>> rows, ImportFindings findings)
    {
        _leadsByDomain ??= LeadsByDomain(db.Connection, transaction);
        var expanded = new List<SignalWrite>(rows.Count);
        foreach (var row in rows)
        {
            var (domain, signal) = row.Row;
            if (_leadsByDomain.TryGetValue(domain, out var leads))
            {
                _rows++;
                _signals += leads.Count;
                _domainsMatched.Add(domain);
                _leadsReached.UnionWith(leads);
                expanded.AddRange(leads.Select(id => signal with { LeadId = id }));
            }
            else
            {
                _rowsWithoutLeads++;
                _domainsWithoutLeads.Add(domain);
                findings.Reject(row.Source, new RowProblem(RejectReason.DomainWithoutLeads,
                    $"domain \"{domain}\" has no leads in the database (no lead has it as domain or email domain): nothing to attach the signal to"));
            }
        }

        return LeadWrites.InsertSignals(db, transaction, expanded);
    }

    private static Dictionary<string, List<string>> LeadsByDomain(DbConnection connection, DbTransaction transaction)
    {
        var byDomain = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string domain, string leadId)
        {
            if (domain.Length == 0)
            {
                return;
            }

            if (!byDomain.TryGetValue(domain, out var list))
            {
                byDomain[domain] = list = [];
            }

            if (list.Count == 0 || list[^1] != leadId)
            {
                list.Add(leadId);
            }
        }

        foreach (var (leadId, attributes) in connection.Query<(string, string)>("SELECT lead_id, attributes FROM leads ORDER BY lead_id", transaction: transaction))
        {
            Add(AccountKey.Domain(new Core.Leads.Lead(leadId, AttributesJson.Read(attributes), [])), leadId);
        }

        foreach (var (leadId, key) in connection.Query<(string, string)>("SELECT lead_id, account_key FROM lead_accounts ORDER BY lead_id", transaction: transaction))
        {
            if (byDomain.TryGetValue(key, out var list) && list.Contains(leadId, StringComparer.Ordinal))
            {
                continue;
            }

            Add(key, leadId);
        }

        return byDomain;
    }
}
