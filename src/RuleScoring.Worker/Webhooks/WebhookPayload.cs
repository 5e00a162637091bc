using System.Globalization;
using System.Text;
using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Reasons;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Webhooks;
using RuleScoring.Storage.Routing;
using RuleScoring.Storage.Scores;

namespace RuleScoring.Worker.Webhooks;

/// <summary>
/// The body of a delivery, written once when the delivery is recorded: Standard Webhooks'
/// <c>{"type", "timestamp", "data"}</c>, or Slack's <c>{"text"}</c> for a channel.
/// </summary>
public static class WebhookPayload
{
    /// <summary>Reasons carried with an event: the strongest few ("why now").</summary>
    public const int TopReasons = WhyNow.DefaultCount;

    /// <param name="card">The card the change was scored with, for its reasons (null: none are sent).</param>
    /// <param name="route">The lead's route now (queue, owner, play), sent with every event of a routed lead.</param>
    /// <param name="step">The routing step a routed or escalated event announces.</param>
    public static string Build(WebhookEvent kind, TierChange change, ScoreCard? card, WebhookFormat format, LeadRoute? route = null, RouteStep? step = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        var reasons = card is null ? [] : WhyNow.Top(card, TopReasons);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            if (format == WebhookFormat.Slack)
            {
                json.WriteString("text", SlackEscaped(SlackText(kind, change, reasons.Select(r => r.Text), step)));
            }
            else
            {
                json.WriteString("type", WebhookEvents.PayloadType(kind));
                json.WriteString("timestamp", Timestamps.Format(change.CreatedAt));
                json.WriteStartObject("data");
                json.WriteNumber("eventId", change.Id);
                json.WriteString("leadId", change.LeadId);
                if (kind == WebhookEvent.SlaBreached)
                {
                    json.WriteString("tier", change.ToTier);
                    if (change.SlaTaskId is { } task)
                    {
                        json.WriteNumber("slaTaskId", task);
                    }
                }
                else
                {
                    json.WriteString("fromTier", change.FromTier);
                    json.WriteString("toTier", change.ToTier);
                }

                json.WriteNumber("composite", change.Composite);
                json.WriteString("asOf", Timestamps.Format(change.AsOf));
                json.WriteString("rulesVersion", change.RulesVersion);
                json.WriteStartArray("reasons");
                foreach (var r in reasons)
                {
                    json.WriteStartObject();
                    json.WriteString("code", r.Code);
                    json.WriteNumber("points", r.Points);
                    json.WriteString("text", r.Text);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                WriteRoute(json, route, step);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteRoute(Utf8JsonWriter json, LeadRoute? route, RouteStep? step)
    {
        if (step is not null)
        {
            json.WriteStartObject("step");
            json.WriteString("kind", step.Kind);
            json.WriteString("at", Timestamps.Format(step.At));
            json.WriteString("queue", step.Queue);
            json.WriteString("owner", step.Owner);
            json.WriteString("why", step.Why);
            json.WriteEndObject();
        }

        if (route is null)
        {
            return;
        }

        json.WriteStartObject("route");
        json.WriteString("queue", route.Queue);
        json.WriteString("owner", route.Owner);
        json.WriteString("status", route.Status);
        json.WriteString("why", route.Why);
        json.WriteEndObject();
        if (route.Play is { } play)
        {
            json.WritePropertyName("play");
            json.WriteRawValue(play);
        }
    }

    /// <summary>
    /// Slack reads &lt;...&gt; as a link or a mention: a lead id or reason text holding "&lt;!channel&gt;"
    /// would ping the whole channel, "&lt;https://...|Open in CRM&gt;" would show a disguised link. Slack's
    /// own escaping (only &amp;, &lt; and &gt;) makes every one of them text; we never send markup.
    /// </summary>
    internal static string SlackEscaped(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string SlackText(WebhookEvent kind, TierChange change, IEnumerable<string> reasons, RouteStep? step)
    {
        var c = CultureInfo.InvariantCulture;
        var why = string.Join("; ", reasons);
        var whyNow = why.Length > 0 ? $" Why now: {why}." : "";
        if (step is not null && kind is WebhookEvent.Routed or WebhookEvent.Escalated)
        {
            var verb = kind == WebhookEvent.Escalated ? "Escalated" : "Routed";
            return string.Create(c, $"{verb}: lead {change.LeadId} (tier {change.ToTier}) to {step.Owner ?? "nobody yet (held)"} in {step.Queue}: {step.Why}.{whyNow}");
        }

        return kind == WebhookEvent.SlaBreached
            ? string.Create(c, $"SLA breached: tier {change.ToTier} lead {change.LeadId} was not worked in time (score {change.Composite:0.#}).{whyNow}")
            : string.Create(c, $"Tier {change.ToTier ?? "none"}: lead {change.LeadId} (was {change.FromTier ?? "new"}), score {change.Composite:0.#}.{whyNow}");
    }
}
