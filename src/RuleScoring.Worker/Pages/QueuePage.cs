using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RuleScoring.Core.Output;
using RuleScoring.Core.Reasons;
using RuleScoring.Storage.Routing;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Sla;
using RuleScoring.Worker.Api;
using RuleScoring.Worker.Rules;
using static RuleScoring.Worker.Pages.ConsoleLayout;

namespace RuleScoring.Worker.Pages;

/// <summary>
/// <c>GET /console/queue</c>: the leads in a routed tier now (teams.json's routed tiers: A and B
/// by default), by queue and owner, each with its SLA time left (due time from the store, now from
/// the worker's clock; past due reads "overdue"), why now and the play.
/// </summary>
internal static class QueuePage
{
    private sealed record Row(StoredScore Score, LeadRoute? Route, SlaTask? Task);

    public static IResult Get(ActiveRules rules, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var html = new StringBuilder();
        const string Title = "Queue: routed leads by queue and owner";
        if (rules.Current?.Router is not { } router)
        {
            html.Append(Empty(rules.Current is null
                ? "No active rules: nothing is routed until the rules folder loads."
                : "The active rules have no routing.json: leads are not routed to queues."));
            return Page("Queue", ConsolePages.Prefix + "/queue", Main(Title, html.ToString()));
        }

        var tiers = router.Teams.RoutedTiers.Order(StringComparer.Ordinal).ToList();
        using var db = ApiStore.Open(options.Value, time);
        var scores = db.Scores.CurrentInTiers(tiers);
        var routes = db.Routing.All().ToDictionary(r => r.LeadId, StringComparer.Ordinal);
        // A lead's latest unworked task is the one its SLA runs on.
        var tasks = db.Sla.Unworked().GroupBy(t => t.LeadId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.MaxBy(t => t.Id)!, StringComparer.Ordinal);
        var rows = scores.Select(s => new Row(s, routes.GetValueOrDefault(s.LeadId), tasks.GetValueOrDefault(s.LeadId))).ToList();

        html.Append($"<p>Tiers routed (teams.json): {E(string.Join(", ", tiers))}. SLA time left is measured at {E(Time(now))}.</p>\n");
        if (rows.Count == 0)
        {
            html.Append(Empty($"No tier {string.Join(" or ", tiers)} leads are routed yet."));
            return Page("Queue", ConsolePages.Prefix + "/queue", Main(Title, html.ToString()));
        }

        html.Append(HtmlTable.Write("Leads per routed tier now", ["tier", "leads", "routed", "not routed", "SLA overdue"],
            tiers.Select(t =>
            {
                var inTier = rows.Where(r => r.Score.Tier == t).ToList();
                return new[] { t, N(inTier.Count), N(inTier.Count(r => r.Route is not null)), N(inTier.Count(r => r.Route is null)), N(inTier.Count(r => r.Task is { } k && k.DueAt <= now)) };
            })));

        foreach (var queue in rows.Where(r => r.Route is not null).GroupBy(r => r.Route!.Queue, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            html.Append($"<h2 id=\"queue-{E(queue.Key)}\">Queue {E(queue.Key)} <span class=\"note\">({Count(queue.Count(), "lead")})</span></h2>\n");
            foreach (var owner in queue.GroupBy(r => r.Route!.Owner ?? "", StringComparer.Ordinal).OrderBy(g => g.Key.Length == 0).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                var who = owner.Key.Length == 0 ? "held: nobody assigned yet" : owner.Key;
                html.Append(Leads($"{queue.Key} / {who} ({Count(owner.Count(), "lead")})", owner, now));
            }
        }

        var unrouted = rows.Where(r => r.Route is null).ToList();
        if (unrouted.Count > 0)
        {
            html.Append(Section("not-routed", "In a routed tier, not routed"));
            html.Append(Note("These leads reached the tier before routing.json was in place, or their route was never stored; the next tier change routes them."));
            html.Append(Leads($"Not routed ({Count(unrouted.Count, "lead")})", unrouted, now));
        }

        return Page("Queue", ConsolePages.Prefix + "/queue", Main(Title, html.ToString()));
    }

    private static string Leads(string caption, IEnumerable<Row> rows, DateTimeOffset now)
    {
        // Overdue first (longest overdue on top), then the nearest deadline, then leads with no open task.
        var ordered = rows.OrderBy(r => r.Task?.DueAt ?? DateTimeOffset.MaxValue).ThenByDescending(r => r.Score.Composite).ThenBy(r => r.Score.LeadId, StringComparer.Ordinal);
        return HtmlTable.Write(caption, ["lead", "tier", "composite", "SLA", "why now", "play", "status"],
            ordered.Select(r => new[]
            {
                r.Score.LeadId, r.Score.Tier ?? "-", Score(r.Score.Composite), Sla(r.Task, now), WhyNow.Line(r.Score.Card) is { Length: > 0 } why ? why : "-",
                Play(r.Route?.Play), r.Route is null ? "-" : $"{r.Route.Status}: {r.Route.Why}",
            }),
            textColumns: [1, 3, 4, 5, 6],
            link: (column, text) => column == 0 ? LeadLink(text) : null);
    }

    /// <summary>"3 h 20 min left", "overdue by 2 d 4 h", or why there is no clock.</summary>
    internal static string Sla(SlaTask? task, DateTimeOffset now) => task switch
    {
        null => "no open task",
        { } t when t.DueAt <= now => $"overdue by {Span(now - t.DueAt)} (due {Time(t.DueAt)})",
        { } t => $"{Span(t.DueAt - now)} left (due {Time(t.DueAt)})",
    };

    internal static string Play(string? json)
    {
        var (name, talkTrack, _) = PlayJson.Parts(json);
        return name is null ? "-" : talkTrack is null ? name : $"{name}: {talkTrack}";
    }
}
