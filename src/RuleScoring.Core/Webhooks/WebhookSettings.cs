namespace RuleScoring.Core.Webhooks;

/// <summary>The rules folder's webhooks.json: subscriptions and delivery settings. Configuration, not part of the rule set's hash.</summary>
public sealed record WebhookSettings(DeliverySettings Delivery, IReadOnlyList<WebhookSubscription> Subscriptions)
{
    public const string File = "webhooks.json";

    /// <summary>A folder without webhooks.json: nothing is pushed.</summary>
    public static WebhookSettings None { get; } = new(DeliverySettings.Default, []);

    public IEnumerable<WebhookSubscription> Enabled => Subscriptions.Where(s => s.Enabled);
}
