using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RuleScoring.Core.Output;
using RuleScoring.Core.Reasons;
using RuleScoring.Storage.Reports;
using RuleScoring.Worker.Api;
using static RuleScoring.Worker.Pages.ConsoleLayout;

namespace RuleScoring.Worker.Pages;

/// <summary>
/// <c>GET /console/leads/{id}</c>: the lead's attributes, the card `rulescore explain` prints (tier, actions, dimensions,
/// reasons), its score history as a chart with its table, deals and lifecycle stage, and where
/// routing put the lead with its SLA tasks.
/// </summary>
internal static class LeadPage
{
    /// <summary>How many of the latest scores the history chart and table show.</summary>
    public const int HistoryShown = 30;

    public static IResult Get(string leadId, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var db = ApiStore.Open(options.Value, time);
        if (db.Leads.Get(leadId) is not { } stored)
        {
            return NotFound("Lead not found", $"No lead '{leadId}' is stored in this database.");
        }

        var html = new StringBuilder();
        var history = db.Scores.History(leadId);
        var current = db.Scores.Current(leadId);
        var deals = LeadDeals.For(db, leadId);
        var accountKey = db.Accounts.KeyOf(leadId);
        var account = accountKey is null ? null : db.Accounts.Current(accountKey)?.Card;

        var lead = stored.Lead;
        html.Append(HtmlTable.Write($"Attributes ({N(lead.Signals.Count)} signals stored; created {Time(stored.CreatedAt)})", ["attribute", "value"],
            lead.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new[] { a.Key, a.Value }), textColumns: [1]));
        html.Append(Section("card", "Card"));
        if (current is null)
        {
            html.Append(Empty("Not scored yet: the next tick scores it."));
        }
        else
        {
            var card = current.Card;
            var tier = card.Tier;
            html.Append(Facts([
                ("tier", tier?.Tier ?? "-"),
                ("composite", $"{Score(card.Composite)} ({card.Motion})"),
                ("as of", Time(card.AsOf)),
                ("sales", tier is null ? "-" : $"{tier.SalesAction} (SLA {tier.SlaText}{(tier.FollowUpBy is { } by ? $", follow up by {Time(by)}" : "")})"),
                ("marketing", tier?.MarketingAction ?? "-"),
                ("qualification", LeadStory.Qualification(history, deals) + (card.Disqualified ? "; DISQUALIFIED" : "")),
                ("why now", WhyNow.Line(card) is { Length: > 0 } why ? why : "-"),
                ("rules", card.Rules.ToString()),
            ]));
            html.Append(HtmlTable.Write("Dimensions", ["dimension", "raw", "score", "cap", "weight"],
                card.Dimensions.Select(d => new[] { d.Name, ReportNumbers.N(d.Raw, 2), ReportNumbers.N(d.Score, 1), ReportNumbers.N(d.Cap, 0), $"{ReportNumbers.N(d.Weight, 0)} %" })));
            html.Append(card.Reasons.Count == 0
                ? Empty("No rule fired.")
                : HtmlTable.Write("Why (top drivers first)", ["rule", "points", "reason", "decay"],
                    card.Reasons.Select(r => new[] { r.Code, (r.Points > 0 ? "+" : "") + ReportNumbers.N(r.Points, 2), r.Text, r.Multiplier != 1 ? $"{ReportNumbers.N(r.Multiplier * 100, 0)} % of {ReportNumbers.N(r.FullPoints, 2)}" : "" }),
                    textColumns: [2, 3]));
            if (card.Errors.Count > 0)
            {
                html.Append(HtmlTable.Write("Rule errors on this lead", ["error"], card.Errors.Select(e => new[] { e })));
            }
        }

        html.Append(Section("history", "History"));
        if (history.Count == 0)
        {
            html.Append(Empty("No stored scores."));
        }
        else
        {
            var shown = history.Skip(Math.Max(0, history.Count - HistoryShown)).ToList();
            var caption = history.Count > shown.Count ? $"Composite score, latest {shown.Count} of {history.Count} scores" : $"Composite score, {history.Count} score(s)";
            var chart = SvgBarChart.Draw(caption, shown.Select(h => h.AsOf.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(),
                [new ChartSeries("composite", HtmlPage.Blue, shown.Select(h => (double?)h.Composite).ToList())], v => v.ToString("0.0", CultureInfo.InvariantCulture), width: 480);
            html.Append($"<div class=\"pair\"><figure>{chart}<figcaption>{E(caption)}; the numbers are in the table.</figcaption></figure>");
            html.Append(HtmlTable.Write(caption, ["as of", "rules", "composite", "fit", "intent", "behavior", "tier"],
                shown.Select(h => new[]
                {
                    Time(h.AsOf), $"{h.Card.Rules.Version} ({h.Card.Rules.ShortHash})", Score(h.Composite), ReportNumbers.N(h.FitRaw, 2), ReportNumbers.N(h.IntentRaw, 2), ReportNumbers.N(h.BehaviorRaw, 2),
                    h.TierChanged && h.PreviousTier is not null ? $"{h.PreviousTier}->{h.Tier ?? "-"}" : h.Tier ?? "-",
                }), textColumns: [1, 6]));
            html.Append("</div>\n");
        }

        html.Append(Section("deals", "Deals and lifecycle"));
        html.Append(Facts([("lifecycle", LeadStory.Lifecycle(db.Lifecycle.Transitions(leadId))), ("outcome", LeadStory.Outcome(deals))]));
        html.Append(deals.Count == 0
            ? Empty("No deals.")
            : HtmlTable.Write("Deals", ["deal", "created", "closed", "outcome"], deals.Select(d => new[] { d.DealId, Time(d.CreatedAt), Time(d.ClosedAt), d.Outcome }), textColumns: [3]));

        html.Append(Section("account", "Account"));
        html.Append(accountKey is null
            ? Empty("No account: the lead has no company domain or account_id (free-mail domains never form one).")
            : $"<p><a href=\"{E(AccountLink(accountKey))}\">{E(accountKey)}</a>: "
              + E(account is null ? "not scored yet" : $"tier {account.Tier?.Tier ?? "-"}, score {Score(account.Score)}, committee {account.Coverage}") + "</p>\n");

        html.Append(Section("routing", "Routing and SLA"));
        if (db.Routing.ForLead(leadId) is { } route)
        {
            html.Append(Facts([
                ("queue", route.Queue), ("owner", route.Owner ?? "held: nobody assigned yet"), ("status", $"{route.Status}: {route.Why}"),
                ("play", QueuePage.Play(route.Play)), ("routed", Time(route.RoutedAt)),
            ]));
            html.Append(HtmlTable.Write("Routing steps", ["at", "step", "queue", "owner", "why"],
                db.Routing.Steps(leadId).Select(s => new[] { Time(s.At), s.Kind, s.Queue, s.Owner ?? "-", s.Why }), textColumns: [1, 2, 3, 4]));
        }
        else
        {
            html.Append(Empty("Not routed."));
        }

        var tasks = db.Sla.ForLead(leadId);
        html.Append(tasks.Count == 0
            ? Empty("No SLA tasks.")
            : HtmlTable.Write("SLA tasks", ["opened", "tier", "due", "status", "worked"],
                tasks.Select(t => new[]
                {
                    Time(t.OpenedAt), t.Tier, Time(t.DueAt),
                    t.Status is "open" or "breached" && t.WorkedAt is null ? $"{t.Status}; {QueuePage.Sla(t, now)}" : t.Status,
                    t.WorkedAt is { } w ? $"{Time(w)} by {t.WorkedBy ?? "-"}" : "-",
                }), textColumns: [1, 3, 4]));

        return Page($"Lead {leadId}", null, Main($"Lead {leadId}", html.ToString()));
    }
}
