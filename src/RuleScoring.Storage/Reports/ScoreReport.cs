using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Rules;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// What `rulescore report` shows: today's tiers, how each tier and score band converted, how
/// sales received the leads, and whether SLAs were kept. Everything under one rule set.
/// </summary>
public sealed record ScoreReport(
    RuleSetIdentity Rules,
    IReadOnlyList<TierCount> CurrentTiers,
    long ScoredLeads,
    long UnscoredLeads,
    IReadOnlyList<ConversionRow> ConversionByTier,
    IReadOnlyList<ConversionRow> ConversionByBand,
    double? Auc,
    IReadOnlyList<(double Top, double? ShareOfWins)> WinsInTop,
    long DealsWithoutPriorScore,
    IReadOnlyList<DispositionRow> Dispositions,
    IReadOnlyList<SlaRow> Sla)
{
    /// <summary>
    /// Of <see cref="DealsWithoutPriorScore"/>, the leads with no score at all under these rules
    /// (created after the last rescore, or scored only under other rules); the rest were first
    /// scored after their deal opened.
    /// </summary>
    public long DealsNeverScored { get; init; }

    /// <summary>How the composite bands were chosen when not model.json's fixed edges (quantile, asked for or as a fallback).</summary>
    public string? BandsNote { get; init; }

    /// <summary>The score a large share of the scored leads tie at (see <see cref="ReportBuilder.LargeTieShare"/>), and how many; null otherwise.</summary>
    public (decimal Score, int Leads)? LargestTie { get; init; }
}

/// <summary>Leads in a tier now, with how many the tier counts as MQL / SQL.</summary>
public sealed record TierCount(string Tier, long Leads, long Mql, long Sql);

/// <summary>
/// Follow-up tasks a tier's SLA opened: worked in time, worked late, breached (never worked and
/// past due), and still open within their SLA. A disposition counts as working the lead.
/// </summary>
public sealed record SlaRow(string Tier, long Tasks, long WorkedInTime, long WorkedLate, long Breached, long OpenInTime)
{
    public double? Compliance => Tasks - OpenInTime == 0 ? null : WorkedInTime / (double)(Tasks - OpenInTime);
}
