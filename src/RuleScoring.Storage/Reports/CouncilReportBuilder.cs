using System.Globalization;
using Dapper;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Outcomes;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Reports;

/// <summary>
/// Builds the <see cref="CouncilReport"/>: today's report and funnel from their own builders (so
/// every number is the one `rulescore report` prints), and drift between last month and this
/// one from the stored history. Cards are read through <see cref="Scores.ScoreStore.History"/>.
/// </summary>
public sealed class CouncilReportBuilder(ScoreDatabase db)
{
    /// <summary>How many rules and signal types the "moved most" tables keep.</summary>
    public const int MovedMost = 10;

    /// <param name="changelog">rules/CHANGELOG.md, for the lines of the versions that went live (null: none).</param>
    public CouncilReport Build(RuleSetIdentity rules, CompositeBandSetting? bands = null, Changelog? changelog = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var now = db.Time.GetUtcNow().ToUniversalTime();
        var thisStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var lastStart = thisStart.AddMonths(-1);
        var reports = new ReportBuilder(db);
        var score = reports.Build(rules, bands);
        var funnel = new FunnelBuilder(db).Build();
        var topTier = score.CurrentTiers.Select(t => t.Tier).Where(t => t != "-").Order(StringComparer.Ordinal).FirstOrDefault();
        var (lastDays, thisDays) = ((thisStart - lastStart).TotalDays, Math.Max(0, (now - thisStart).TotalDays));
        var (distribution, lastScored, nowScored) = Distribution(thisStart);
        var drift = new CouncilDrift(
            Cohorts(reports.Outcomes(rules.Hash), topTier),
            distribution, lastScored, nowScored,
            FireRates(thisStart, lastScored, nowScored),
            Signals(lastStart, thisStart, now, lastDays, thisDays), lastDays, thisDays,
            Versions(lastStart, changelog));
        return new CouncilReport(rules, now, Month(thisStart), Month(lastStart), score, [new SlaBreakdown("tier", score.Sla)], funnel, drift)
        {
            Deliveries = db.Deliveries.Counts(PeriodStart(now), now),
        };
    }

    /// <summary>Where the report's period starts: the first of last month (UTC), the two months it compares.</summary>
    public static DateTimeOffset PeriodStart(DateTimeOffset now)
    {
        now = now.ToUniversalTime();
        return new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1);
    }

    private static string Month(DateTimeOffset at) => at.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private List<CohortQuality> Cohorts(List<ScoredOutcome> outcomes, string? topTier)
    {
        var arrived = db.Connection.Query<LeadMonthRow>("SELECT lead_id AS LeadId, COALESCE(created_at, first_seen_at) AS At FROM leads")
            .ToDictionary(r => r.LeadId, r => Month(r.At.ToUniversalTime()), StringComparer.Ordinal);
        return outcomes.GroupBy(o => arrived.GetValueOrDefault(o.LeadId, "-"), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var cohort = g.ToList();
                var top = topTier is null ? null : OutcomeMetrics.ByTier(cohort, [topTier])[0];
                return new CohortQuality(g.Key, cohort.Count, cohort.Count(o => o.Outcome == DealOutcome.Won), cohort.Count(o => o.Outcome == DealOutcome.Lost),
                    OutcomeMetrics.Auc(cohort), topTier, top?.Leads ?? 0, top?.Lift);
            })
            .ToList();
    }

    // Each lead's latest score before the end of last month, and its latest now: the score it had then, whatever rules gave it.
    private (List<DistributionBin> Bins, long LastMonth, long Now) Distribution(DateTimeOffset thisStart)
    {
        const string Latest = """
            SELECT composite FROM (
                SELECT s.composite, ROW_NUMBER() OVER (PARTITION BY s.lead_id ORDER BY s.as_of DESC, s.id DESC) AS rn
                FROM scores s {0}) x
            WHERE rn = 1
            """;
        var last = db.Connection.Query<double>(string.Format(CultureInfo.InvariantCulture, Latest, "WHERE s.as_of < @End"), new { End = thisStart }).ToList();
        var current = db.Connection.Query<double>(string.Format(CultureInfo.InvariantCulture, Latest, "")).ToList();
        static int Bin(double composite) => Math.Clamp((int)Math.Floor(composite / 10), 0, 9);
        var bins = Enumerable.Range(0, 10).Select(b => new DistributionBin(b == 9 ? "90-100" : $"{b * 10}-{b * 10 + 10}",
            last.Count(c => Bin(c) == b), current.Count(c => Bin(c) == b))).ToList();
        return (bins, last.Count, current.Count);
    }

    private List<RuleFireMove> FireRates(DateTimeOffset thisStart, long lastScored, long nowScored)
    {
        var lastFired = new Dictionary<string, long>(StringComparer.Ordinal);
        var nowFired = new Dictionary<string, long>(StringComparer.Ordinal);
        static void Count(Dictionary<string, long> fired, Core.Scoring.ScoreCard card)
        {
            foreach (var rule in card.Reasons.Select(r => r.Code).Distinct(StringComparer.Ordinal))
            {
                fired[rule] = fired.GetValueOrDefault(rule) + 1;
            }
        }

        foreach (var card in db.Scores.LatestCards())
        {
            Count(nowFired, card);
        }

        foreach (var card in db.Scores.LatestCards(before: thisStart))
        {
            Count(lastFired, card);
        }

        double? Rate(long leads, long scored) => scored == 0 ? null : leads / (double)scored;
        return lastFired.Keys.Union(nowFired.Keys, StringComparer.Ordinal)
            .Select(rule =>
            {
                var (last, current) = (lastFired.GetValueOrDefault(rule), nowFired.GetValueOrDefault(rule));
                return new RuleFireMove(rule, last, Rate(last, lastScored), current, Rate(current, nowScored));
            })
            .OrderByDescending(m => Math.Abs(m.Change ?? 0)).ThenBy(m => m.Rule, StringComparer.Ordinal)
            .Take(MovedMost)
            .ToList();
    }

    private List<SignalVolumeMove> Signals(DateTimeOffset lastStart, DateTimeOffset thisStart, DateTimeOffset now, double lastDays, double thisDays)
    {
        // By when it happened, not when it arrived: a backfill lands in its own month.
        var rows = db.Connection.Query<SignalRow>(
            """
            SELECT type AS Type,
                   COUNT(*) FILTER (WHERE occurred_at >= @LastStart AND occurred_at < @ThisStart) AS LastMonth,
                   COUNT(*) FILTER (WHERE occurred_at >= @ThisStart AND occurred_at <= @Now) AS ThisMonth
            FROM signals WHERE occurred_at >= @LastStart AND occurred_at <= @Now
            GROUP BY type
            """, new { LastStart = lastStart, ThisStart = thisStart, Now = now });
        double? Change(long last, long current) => last == 0 || thisDays <= 0 ? null : current / thisDays / (last / lastDays) - 1;
        return rows.Select(r => new SignalVolumeMove(r.Type, r.LastMonth, r.ThisMonth, Change(r.LastMonth, r.ThisMonth)))
            .OrderByDescending(m => Math.Abs((thisDays <= 0 ? 0 : m.ThisMonth / thisDays) - m.LastMonth / lastDays))
            .ThenBy(m => m.Type, StringComparer.Ordinal)
            .Take(MovedMost)
            .ToList();
    }

    private List<RuleVersionLive> Versions(DateTimeOffset since, Changelog? changelog)
    {
        // The worker records each version it made active; a version only ever rescored by hand
        // shows when it first produced a score.
        var activations = db.Connection.Query<VersionRow>(
            """
            SELECT rules_version AS Version, rules_hash AS Hash, activated_at AS LiveAt, changes AS Changes, 'activated by the worker' AS Source
            FROM rule_activations WHERE activated_at >= @Since ORDER BY activated_at, id
            """, new { Since = since });
        var firstScored = db.Connection.Query<VersionRow>(
            """
            SELECT rules_version AS Version, rules_hash AS Hash, first_seen_at AS LiveAt, '' AS Changes, 'first scored' AS Source
            FROM rule_versions WHERE first_seen_at >= @Since
            """, new { Since = since });
        return activations.Concat(firstScored.OrderBy(v => v.LiveAt))
            .DistinctBy(v => (v.Version, v.Hash))
            .OrderBy(v => v.LiveAt).ThenBy(v => v.Version, StringComparer.Ordinal)
            .Select(v => new RuleVersionLive(v.Version, v.Hash, v.LiveAt, v.Source,
                v.Changes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                changelog?.Find(v.Version) is { } entry ? Lines(entry) : []))
            .ToList();
    }

    private static List<string> Lines(ChangelogEntry entry)
    {
        var lines = entry.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (entry.ApprovedBy.Count > 0)
        {
            lines.Add($"Approved-by: {string.Join(", ", entry.ApprovedBy)}");
        }

        if (entry.Replay is { } replay)
        {
            lines.Add($"Replay: {replay}");
        }

        return lines;
    }

    // Classes with setters: an empty result types every column as a blob, which no constructor matches.
    private sealed class LeadMonthRow
    {
        public string LeadId { get; set; } = "";
        public DateTimeOffset At { get; set; }
    }

    private sealed class SignalRow
    {
        public string Type { get; set; } = "";
        public long LastMonth { get; set; }
        public long ThisMonth { get; set; }
    }

    private sealed class VersionRow
    {
        public string Version { get; set; } = "";
        public string Hash { get; set; } = "";
        public DateTimeOffset LiveAt { get; set; }
        public string Changes { get; set; } = "";
        public string Source { get; set; } = "";
    }
}
