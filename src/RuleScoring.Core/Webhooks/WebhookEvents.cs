namespace RuleScoring.Core.Webhooks;

/// <summary>The names of <see cref="WebhookEvent"/> in webhooks.json, the outbox and the payload's type.</summary>
public static class WebhookEvents
{
    private static readonly Dictionary<string, WebhookEvent> ByName = new(StringComparer.Ordinal)
    {
        ["tier_changed"] = WebhookEvent.TierChanged,
        ["sla_breached"] = WebhookEvent.SlaBreached,
        ["routed"] = WebhookEvent.Routed,
        ["escalated"] = WebhookEvent.Escalated,
    };

    /// <summary>The kinds the worker emits (routed and escalated when the rules have routing.json).</summary>
    public static IReadOnlySet<WebhookEvent> Emitted { get; } = new HashSet<WebhookEvent> { WebhookEvent.TierChanged, WebhookEvent.SlaBreached, WebhookEvent.Routed, WebhookEvent.Escalated };

    public static IEnumerable<string> Names => ByName.Keys;

    public static string Name(WebhookEvent kind) => ByName.First(p => p.Value == kind).Key;

    public static bool TryParse(string? name, out WebhookEvent kind) => ByName.TryGetValue(name ?? "", out kind);

    /// <summary>The payload's <c>type</c>, e.g. <c>lead.tier_changed</c> (Standard Webhooks' dotted event type).</summary>
    public static string PayloadType(WebhookEvent kind) => "lead." + Name(kind);
}
