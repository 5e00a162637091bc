using System.Globalization;
using RuleScoring.Storage.Lifecycle;
using RuleScoring.Storage.Scores;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// What `explain` says beside the card: when the lead qualified by score (if ever), its deals,
/// its outcome and its lifecycle stage. A won lead that never scored as an MQL is shown as
/// that ("MQL: never by score; deal won ..."), never as a bare "MQL no". `explain` prints it; the
/// worker's console lead page shows the same lines.
/// </summary>
public static class LeadStory
{
    private const int PathLength = 6;

    public static string Qualification(IReadOnlyList<StoredScore> history, IReadOnlyList<StoredDeal> deals)
    {
        string By(string name, Func<StoredScore, bool> qualifies) =>
            history.FirstOrDefault(qualifies) is { } first
                ? $"{name}: by score {Day(first.AsOf)} (tier {first.Tier})"
                : $"{name}: never by score";

        var text = $"{By("MQL", h => h.Card.Tier?.Mql == true)}  {By("SQL", h => h.Card.Tier?.Sql == true)}";
        var deal = deals.Where(d => d.Outcome == "won").Concat(deals.Where(d => d.Outcome == "lost")).Concat(deals.Where(d => d.Outcome == "open")).FirstOrDefault();
        return deal is null ? text : $"{text}; {DealEvent(deal)}";
    }

    public static void Write(TextWriter o, IReadOnlyList<StoredDeal> deals, IReadOnlyList<LifecycleTransition> transitions)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.WriteLine($"  lifecycle: {Lifecycle(transitions)}");
        o.WriteLine($"  deals: {Deals(deals)}");
        o.WriteLine($"  outcome: {Outcome(deals)}");
    }

    /// <summary>"sal since 2026-10-02 (inquiry 2026-08-01, mql 2026-09-14, ...)", or that there is no stage yet.</summary>
    public static string Lifecycle(IReadOnlyList<LifecycleTransition> transitions)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        if (transitions.Count == 0)
        {
            return "no stage yet ('rulescore rescore' derives them)";
        }

        var last = transitions[^1];
        var path = transitions.Skip(Math.Max(0, transitions.Count - PathLength))
            .Select(t => $"{t.ToStage} {Day(t.At)}{(t.Recycle ? $" (recycled: {t.Reason})" : t.Reason is null ? "" : $" ({t.Reason})")}");
        return $"{last.ToStage} since {Day(last.At)} ({(transitions.Count > PathLength ? "..., " : "")}{string.Join(", ", path)})";
    }

    public static string Deals(IReadOnlyList<StoredDeal> deals)
    {
        ArgumentNullException.ThrowIfNull(deals);
        return deals.Count == 0
            ? "none"
            : string.Join("; ", deals.Select(d => $"{d.DealId} created {Day(d.CreatedAt)}, closed {Day(d.ClosedAt)}, {d.Outcome}"));
    }

    public static string Outcome(IReadOnlyList<StoredDeal> deals) =>
        deals.Any(d => d.Outcome == "won") ? "won"
        : deals.Any(d => d.Outcome == "lost") ? "lost"
        : deals.Count > 0 ? "open deal"
        : "no deal yet";

    private static string DealEvent(StoredDeal deal) => deal.Outcome == "open"
        ? $"deal open since {Day(deal.CreatedAt)}"
        : $"deal {deal.Outcome} {Day(deal.ClosedAt ?? deal.CreatedAt)}";

    private static string Day(DateTimeOffset? at) => at is { } a ? a.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-";
}
