namespace RuleScoring.Core.Webhooks;

/// <summary>One entry of webhooks.json's subscriptions: where events of some kinds are posted, and how.</summary>
/// <param name="Name">Unique in the file; delivery rows carry it, so renaming starts a new subscription.</param>
/// <param name="Secret">A <c>whsec_</c> secret written in the file (validate warns: prefer <paramref name="SecretEnv"/>).</param>
/// <param name="SecretEnv">The environment variable holding the <c>whsec_</c> secret at run time.</param>
/// <param name="Tiers">Only events whose lead is now in one of these tiers (empty: every tier).</param>
public sealed record WebhookSubscription(
    string Name,
    Uri Url,
    IReadOnlySet<WebhookEvent> Events,
    string? Secret,
    string? SecretEnv,
    IReadOnlySet<string> Tiers,
    WebhookFormat Format,
    bool Enabled)
{
    /// <summary>Whether an event of <paramref name="kind"/> for a lead now in <paramref name="tier"/> goes to this subscription.</summary>
    public bool Wants(WebhookEvent kind, string? tier) =>
        Events.Contains(kind) && (Tiers.Count == 0 || (tier is not null && Tiers.Contains(tier)));

    /// <summary>
    /// The signing key: the secret written in the file, or the one in <see cref="SecretEnv"/>. Null
    /// with a reason when it is missing or malformed; null without one when none is needed (Slack).
    /// </summary>
    public byte[]? ResolveKey(Func<string, string?> environment, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(environment);
        problem = null;
        var text = Secret;
        if (SecretEnv is not null)
        {
            text = environment(SecretEnv);
            if (string.IsNullOrEmpty(text))
            {
                problem = $"environment variable {SecretEnv} (the secret of subscription '{Name}') is not set";
                return null;
            }
        }

        if (text is null)
        {
            if (Format != WebhookFormat.Slack)
            {
                problem = $"subscription '{Name}' has no secret";
            }

            return null;
        }

        if (!WebhookSecret.TryParse(text, out var key, out var why))
        {
            problem = SecretEnv is null ? $"subscription '{Name}': {why}" : $"environment variable {SecretEnv}: {why}";
            return null;
        }

        return key;
    }
}
