using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RuleScoring.Core.Output;
using RuleScoring.Storage.Reports;
using RuleScoring.Worker.Api;
using RuleScoring.Worker.Hosting;
using RuleScoring.Worker.Rules;
using static RuleScoring.Worker.Pages.ConsoleLayout;

namespace RuleScoring.Worker.Pages;

/// <summary>
/// <c>GET /console</c>: is the worker well, which rules score (and which were refused, with every
/// problem), how far scoring is behind, and tiers and SLA compliance as `rulescore report` prints them.
/// </summary>
internal static class OverviewPage
{
    /// <summary>How many activations the page lists.</summary>
    public const int Activations = 5;

    public static IResult Get(ActiveRules rules, WorkerStatus status, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var db = ApiStore.Open(options.Value, time);
        var gauges = StoreGauges.Read(db, now);
        var (active, lastTick, ticks, lastError, lastErrorAt, reasons) = WorkerHealth.Read(rules, status, options.Value.TickInterval, now);
        var html = new StringBuilder();
        html.Append(reasons.Count == 0
            ? $"<p>Status <strong>ok</strong> at {E(Time(now))}; worker started {E(Time(status.StartedAt))}.</p>\n"
            : $"<p>Status <strong class=\"overdue\">degraded</strong> at {E(Time(now))}:</p><ul>{string.Concat(reasons.Select(r => $"<li>{E(r)}</li>"))}</ul>\n");

        html.Append(Section("rules", "Rules"));
        html.Append(active is null
            ? Empty("No valid rules yet: nothing is scored until the rules folder loads and its tests pass.")
            : Facts([("active", $"{active.Identity.Name} {active.Identity.Version}"), ("hash", active.Identity.Hash), ("active since", Time(active.Activation.ActivatedAt))]));
        var activations = db.Worker.Activations(Activations);
        html.Append(activations.Count == 0
            ? Empty("No rules version was activated by a worker on this database yet.")
            : HtmlTable.Write($"Latest activations (newest first, up to {Activations})", ["activated", "version", "hash", "changes"],
                activations.Select(a => new[] { Time(a.ActivatedAt), a.RulesVersion, new Core.Rules.RuleSetIdentity(a.RulesName, a.RulesVersion, a.RulesHash).ShortHash, a.Changes.Length == 0 ? "-" : a.Changes }),
                textColumns: [1, 2, 3]));
        if (rules.Rejected is { } refused)
        {
            html.Append($"<p class=\"overdue\">The rules folder now holds version {E(refused.Version ?? "(model.json unreadable)")}, refused at {E(Time(refused.At))}: the active version keeps scoring.</p>\n");
        }

        html.Append(rules.Rejections.Count == 0
            ? Empty("No rules version was refused since the worker started.")
            : HtmlTable.Write($"Refused versions since start (newest first, up to {ActiveRules.RejectionsKept}; {N(rules.RejectedVersions)} in all)", ["refused", "version", "problems"],
                rules.Rejections.Select(r => new[] { Time(r.At), r.Version ?? "(model.json unreadable)", string.Join("\n", r.Problems) }),
                textColumns: [1, 2]));

        html.Append(Section("lag", "Scoring lag"));
        html.Append(HtmlTable.Write("The loop and what waits for it", ["measure", "value"],
        [
            ["ticks since start", N(ticks)],
            ["last tick (as of)", lastTick is null ? "none yet" : Time(lastTick.AsOf)],
            ["since the last tick", lastTick is null ? "-" : Span(now - lastTick.AsOf)],
            ["signals waiting", N(gauges.SignalBacklog)],
            ["oldest waiting", gauges.SignalBacklog == 0 ? "-" : Span(TimeSpan.FromSeconds(gauges.SignalLagSeconds))],
            ["leads due (decay, windows)", gauges.LeadsDue >= StoreGauges.DueLeadsCountedUpTo ? $"{N(gauges.LeadsDue)}+" : N(gauges.LeadsDue)],
            ["last error", lastError is null ? "none" : $"{Time(lastErrorAt)}: {lastError}"],
        ], textColumns: [1]));

        html.Append(Section("tiers", "Tiers now"));
        var report = active is null ? null : new ReportBuilder(db).Build(active.Identity, active.RuleSet.Bands);
        if (report is null)
        {
            html.Append(Empty("No active rules: tiers are counted under the rules that score."));
        }
        else if (report.ScoredLeads == 0)
        {
            html.Append(Empty($"No scores under these rules yet ({N(report.UnscoredLeads)} lead(s) stored): the next tick scores them."));
        }
        else
        {
            html.Append(HtmlTable.Write($"Leads per tier now ({N(report.ScoredLeads)} scored)", ["tier", "leads", "share", "MQL", "SQL"],
                report.CurrentTiers.Select(t => new[] { t.Tier, N(t.Leads), Percent(t.Leads / (double)report.ScoredLeads), N(t.Mql), N(t.Sql) })));
            if (report.UnscoredLeads > 0)
            {
                html.Append(Note($"{N(report.UnscoredLeads)} lead(s) have no score under these rules yet."));
            }
        }

        html.Append(Section("sla", "SLA"));
        html.Append(Facts([("open now", N(gauges.SlaOpen)), ("past due, not yet flagged", N(gauges.SlaOverdue))]));
        if (report is not null && report.Sla.Count > 0)
        {
            html.Append(HtmlTable.Write("SLA compliance by tier (as 'rulescore report' prints it)", ["tier", "tasks", "in time", "late", "breached", "open", "compliance"],
                report.Sla.Select(s => new[] { s.Tier, N(s.Tasks), N(s.WorkedInTime), N(s.WorkedLate), N(s.Breached), N(s.OpenInTime), Percent(s.Compliance) })));
        }
        else
        {
            html.Append(Empty("No SLA tasks yet: a lead entering a tier with an SLA opens one."));
        }

        return Page("Overview", ConsolePages.Prefix, Main("Worker overview", html.ToString()));
    }
}
