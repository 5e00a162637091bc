using RuleScoring.Core.Leads;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;
using RuleScoring.Storage.Outcomes;

namespace RuleScoring.Replay.Data;

/// <summary>
/// Reads the deals to replay from a store, point in time: only the signals before each deal's
/// as-of time, and never a point before the lead existed. Deals that cannot be replayed honestly
/// are left out and counted by reason. At lead level one case per lead with a closed deal (its earliest); at account
/// level one case per account with a closed deal (its earliest), with every contact known then.
/// </summary>
internal static class ReplayDataLoader
{
    private const int Page = 1000;

    public const string NoDate = "no date for the as-of";
    public const string ClosedBeforeCreated = "closed before it was created";
    public const string OutsidePeriod = "point outside --from/--until";
    public const string BeforeLead = "point before its lead was created";
    public const string NoSignalKnown = "every signal at or after its point";

    public static ReplayData Load(ScoreDatabase db, AsOfPolicy asOf, string? segmentColumn, Action<int, int>? progress = null, ReplayPeriod? period = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        period ??= ReplayPeriod.All;
        var deals = db.Outcomes.ClosedDeals().DistinctBy(d => d.LeadId).OrderBy(d => d.LeadId, StringComparer.Ordinal).ToList();
        var leadsInStore = db.Leads.Count();

        var cases = new List<ReplayCase>(deals.Count);
        var leftOut = new Dictionary<string, int>(StringComparer.Ordinal);
        var fromLead = 0;
        foreach (var chunk in deals.Chunk(Page))
        {
            var leads = db.Leads.GetMany(chunk.Select(d => d.LeadId).ToArray()).ToDictionary(l => l.Lead.LeadId, StringComparer.Ordinal);
            foreach (var deal in chunk)
            {
                var stored = leads[deal.LeadId];
                var at = asOf.For(deal.CreatedAt, deal.ClosedAt, deal.FirstDisposition, stored.CreatedAt);
                var known = at is { } point ? KnownAt(stored.Lead, point) : stored.Lead;
                if (LeftOutBecause(deal, at, stored.CreatedAt, stored.Lead.Signals.Count, known.Signals.Count, period) is { } reason)
                {
                    leftOut[reason] = leftOut.GetValueOrDefault(reason) + 1;
                    continue;
                }

                fromLead += asOf.FallsBackToLead(deal.CreatedAt, deal.FirstDisposition, stored.CreatedAt) ? 1 : 0;
                cases.Add(new ReplayCase(known, at!.Value, deal.Won, Segment(deal, stored.Lead, segmentColumn), stored.Lead.Signals.Count - known.Signals.Count));
            }

            progress?.Invoke(cases.Count + leftOut.Values.Sum(), deals.Count);
        }

        return new ReplayData(cases, leftOut.GetValueOrDefault(NoDate), (int)(leadsInStore - deals.Count), db.Path)
        {
            LeftOut = Counted(leftOut),
            AsOfFromLeadCreation = fromLead,
            Period = period,
        };
    }

    /// <summary>
    /// Why a closed deal cannot be replayed honestly, or null when it can: a score needs a point
    /// in time, a lead that existed then, (for a lead with signals) at least one of them before it,
    /// and a point inside the period; a deal closed before it was created has no trustworthy dates.
    /// </summary>
    private static string? LeftOutBecause(ClosedDeal deal, DateTimeOffset? at, DateTimeOffset? leadCreated, int signals, int knownSignals, ReplayPeriod period) => at switch
    {
        null => NoDate,
        _ when deal.ClosedAt < deal.CreatedAt => ClosedBeforeCreated,
        { } point when point < leadCreated => BeforeLead,
        _ when signals > 0 && knownSignals == 0 => NoSignalKnown,
        // Last, so the deals outside the period are those that would have been replayed.
        { } point when !period.Contains(point) => OutsidePeriod,
        _ => null,
    };

    /// <summary>The loader's left-out deals with the deal rows import rejected (--data), one count per reason.</summary>
    public static IReadOnlyList<LeftOutDeals> WithRejected(IReadOnlyList<LeftOutDeals> leftOut, IReadOnlyList<LeftOutDeals> rejected) =>
        rejected.Count == 0 ? leftOut : Counted(leftOut.Concat(rejected).GroupBy(l => l.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Deals), StringComparer.Ordinal));

    private static List<LeftOutDeals> Counted(Dictionary<string, int> leftOut) =>
        leftOut.Select(p => new LeftOutDeals(p.Key, p.Value)).OrderByDescending(l => l.Deals).ThenBy(l => l.Reason, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Account level: leads roll up by <paramref name="accountOf"/> (the head version's account
    /// model, so both versions score the same accounts). A contact counts when it existed at the
    /// deal's as-of: the deal's own lead, a lead created before it, or (no creation date) one with
    /// a signal before it. Closed deals of leads in no account are counted, not replayed.
    /// </summary>
    public static ReplayData LoadAccounts(ScoreDatabase db, AsOfPolicy asOf, string? segmentColumn, Func<Lead, string?> accountOf, Action<int, int>? progress = null,
        ReplayPeriod? period = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        period ??= ReplayPeriod.All;
        ArgumentNullException.ThrowIfNull(accountOf);
        var deals = db.Outcomes.ClosedDeals();
        var accountOfLead = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in deals.Select(d => d.LeadId).Distinct(StringComparer.Ordinal).Chunk(Page))
        {
            foreach (var stored in db.Leads.GetMany(chunk))
            {
                accountOfLead[stored.Lead.LeadId] = accountOf(stored.Lead);
            }
        }

        var noAccount = accountOfLead.Count(p => p.Value is null);
        // The account's first closed deal: ClosedDeals is ordered by creation.
        var firstDeal = deals.Where(d => accountOfLead[d.LeadId] is not null)
            .GroupBy(d => accountOfLead[d.LeadId]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        // One pass over every lead: the contacts of accounts with a closed deal, and how many accounts there are.
        var members = firstDeal.Keys.ToDictionary(k => k, _ => new List<StoredLead>(), StringComparer.Ordinal);
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        var total = (int)db.Leads.Count();
        var read = 0;
        for (string? after = null; ;)
        {
            var page = db.Leads.ReadPage(after, Page);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var stored in page)
            {
                if (accountOf(stored.Lead) is { } key)
                {
                    accounts.Add(key);
                    members.GetValueOrDefault(key)?.Add(stored);
                }
            }

            after = page[^1].Lead.LeadId;
            read += page.Count;
            progress?.Invoke(read, total);
        }

        var cases = new List<ReplayCase>(firstDeal.Count);
        var leftOut = new Dictionary<string, int>(StringComparer.Ordinal);
        var fromLead = 0;
        foreach (var (key, deal) in firstDeal.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var dealLeadStored = members[key].Single(m => m.Lead.LeadId == deal.LeadId);
            var at = asOf.For(deal.CreatedAt, deal.ClosedAt, deal.FirstDisposition, dealLeadStored.CreatedAt);
            var contacts = at is not { } point ? [] : members[key]
                .Where(m => m.Lead.LeadId == deal.LeadId || (m.CreatedAt is { } created ? created < point : m.Lead.Signals.Any(s => s.OccurredAt < point)))
                .Select(m => m.Lead)
                .ToList();
            var known = at is { } p ? contacts.Select(l => KnownAt(l, p)).ToList() : [];
            if (LeftOutBecause(deal, at, dealLeadStored.CreatedAt, contacts.Sum(l => l.Signals.Count), known.Sum(l => l.Signals.Count), period) is { } reason)
            {
                leftOut[reason] = leftOut.GetValueOrDefault(reason) + 1;
                continue;
            }

            fromLead += asOf.FallsBackToLead(deal.CreatedAt, deal.FirstDisposition, dealLeadStored.CreatedAt) ? 1 : 0;
            var dealLead = contacts.Single(l => l.LeadId == deal.LeadId);
            cases.Add(new ReplayCase(key, known, at!.Value, deal.Won, Segment(deal, dealLead, segmentColumn),
                contacts.Sum(l => l.Signals.Count) - known.Sum(l => l.Signals.Count)));
        }

        return new ReplayData(cases, leftOut.GetValueOrDefault(NoDate), accounts.Count - firstDeal.Count, db.Path, ReplayLevel.Account, noAccount)
        {
            LeftOut = Counted(leftOut),
            AsOfFromLeadCreation = fromLead,
            Period = period,
        };
    }

    /// <summary>Point in time: a signal at or after the as-of had not happened yet.</summary>
    private static Lead KnownAt(Lead lead, DateTimeOffset at) => lead with { Signals = lead.Signals.Where(s => s.OccurredAt < at).ToArray() };

    private static string? Segment(ClosedDeal deal, Lead lead, string? segmentColumn)
    {
        if (segmentColumn is null)
        {
            return null;
        }

        var segment = segmentColumn.Equals("segment", StringComparison.OrdinalIgnoreCase) ? deal.Segment : lead.Attributes.GetValueOrDefault(segmentColumn);
        return segment is { Length: > 0 } ? segment : "(none)";
    }
}
