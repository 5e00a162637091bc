namespace RuleScoring.Core.Webhooks;

/// <summary>The body a subscription receives.</summary>
public enum WebhookFormat
{
    /// <summary>Standard Webhooks: <c>{"type", "timestamp", "data"}</c>, signed.</summary>
    Standard,

    /// <summary>A Slack incoming webhook: <c>{"text": ...}</c>, one line a channel can read.</summary>
    Slack,
}
