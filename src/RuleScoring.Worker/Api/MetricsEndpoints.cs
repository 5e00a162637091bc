using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RuleScoring.Storage.Webhooks;
using RuleScoring.Worker.Hosting;
using RuleScoring.Worker.Rules;

namespace RuleScoring.Worker.Api;

/// <summary>
/// <c>GET /metrics</c> in Prometheus' text format: counters of what the loop did since the worker
/// started (ticks, leads scored by reason, history rows, tier changes, SLA breaches, refused rule
/// versions) and gauges read from the store at scrape time (signal backlog and lag, leads due,
/// open and overdue SLA tasks, leads per tier, webhook deliveries by state, the active rules version). Aggregates only: no lead
/// id or attribute, so it is served without the API key, like /health.
/// </summary>
internal static class MetricsEndpoints
{
    public static IResult Get(ActiveRules rules, WorkerStatus status, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var totals = status.Totals;
        var m = new PrometheusText()
            .Counter("rulescore_ticks_total", "Ticks completed since the worker started.", totals.Ticks)
            .Counter("rulescore_tick_failures_total", "Ticks that failed (storage or rules error) since the worker started.", totals.TickFailures)
            .Counter("rulescore_tick_seconds_total", "Seconds spent in completed ticks.", totals.TickSeconds)
            .Family("rulescore_leads_scored_total", "Leads scored, by why: rules (no score under the active version), signals (new signals), decay (a decay boundary or window passed).", "counter")
            .Sample("rulescore_leads_scored_total", totals.ScoredForRules, ("reason", "rules"))
            .Sample("rulescore_leads_scored_total", totals.ScoredForSignals, ("reason", "signals"))
            .Sample("rulescore_leads_scored_total", totals.ScoredForDecay, ("reason", "decay"))
            .Counter("rulescore_history_rows_total", "Score history rows appended (a rescore that changes nothing appends none).", totals.HistoryRows)
            .Counter("rulescore_tier_changes_total", "Tier changes written to the outbox, a lead's first tier included.", totals.TierChanges)
            .Counter("rulescore_sla_breaches_total", "SLA tasks the monitor marked breached.", totals.SlaBreached)
            .Counter("rulescore_sla_closed_by_disposition_total", "SLA tasks closed because sales recorded a disposition.", totals.SlaClosedByDisposition)
            .Counter("rulescore_accounts_rescored_total", "Accounts rescored because one of their leads was.", totals.Accounts)
            .Counter("rulescore_rules_rejected_total", "Changed rules folders refused (invalid, or a failing rule test); the last good version kept scoring.", rules.RejectedVersions)
            .Gauge("rulescore_rules_rejected", "1 while the rules folder holds a refused version, else 0.", rules.Rejected is null ? 0 : 1);

        if (rules.Current is { } active)
        {
            m.Gauge("rulescore_rules_active_info", "The active rules version (value 1; the version is in the labels).", 1,
                ("name", active.Identity.Name), ("version", active.Identity.Version), ("hash", active.Identity.ShortHash));
        }

        var (lastTick, _, _, _) = status.Read();
        if (lastTick is not null)
        {
            m.Gauge("rulescore_last_tick_as_of_seconds", "The as-of of the last completed tick, in Unix seconds.", lastTick.AsOf.ToUnixTimeSeconds());
        }

        using var db = ApiStore.Open(options.Value, time);
        var gauges = StoreGauges.Read(db, now);
        m.Gauge("rulescore_signal_backlog", "Signals stored that no tick has read yet.", gauges.SignalBacklog)
            .Gauge("rulescore_signal_lag_seconds", "Age of the oldest signal no tick has read yet (0 when none waits).", gauges.SignalLagSeconds)
            .Gauge("rulescore_leads_due", "Leads whose decay boundary or window end has passed, waiting for the next tick (counted up to 10,000).", gauges.LeadsDue)
            .Gauge("rulescore_sla_open", "SLA tasks open now.", gauges.SlaOpen)
            .Gauge("rulescore_sla_overdue", "Open SLA tasks past their due time.", gauges.SlaOverdue)
            .Family("rulescore_leads", "Scored leads by current tier (tier=\"none\": no tier rule matched).", "gauge");
        foreach (var (tier, count) in db.Scores.CountByTier())
        {
            m.Sample("rulescore_leads", count, ("tier", tier ?? "none"));
        }

        m.Family("rulescore_webhook_deliveries", "Webhook deliveries in the delivery log by state: pending (to send or retry), delivered, dead (every attempt failed).", "gauge");
        var deliveries = db.Deliveries.CountByState();
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            m.Sample("rulescore_webhook_deliveries", deliveries.GetValueOrDefault(state), ("state", DeliveryStore.Text(state)));
        }

        return Results.Text(m.ToString(), PrometheusText.ContentType);
    }
}
