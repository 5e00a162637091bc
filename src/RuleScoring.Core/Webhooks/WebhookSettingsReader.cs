using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Webhooks;

/// <summary>
/// Reads and checks a rules folder's webhooks.json: well-formed http(s) URLs, known event kinds,
/// secrets as <c>whsec_</c> base64 or an environment variable's name, sane delivery settings.
/// Every problem names the file and line; a folder without the file pushes nothing.
/// </summary>
public static partial class WebhookSettingsReader
{
    private const string File = WebhookSettings.File;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,39}$")]
    private static partial Regex SubscriptionName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    /// <param name="knownTiers">The rule set's tiers, to check each subscription's tier filter (null: not checked).</param>
    /// <param name="environment">Where secretEnv is looked up (validate warns when it is unset here).</param>
    public static WebhookSettingsResult Read(string rulesDirectory, IReadOnlyCollection<string>? knownTiers = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(rulesDirectory);
        environment ??= Environment.GetEnvironmentVariable;
        var folder = new RuleFolder(rulesDirectory);
        var path = Path.Combine(rulesDirectory, File);
        // A link (even a dangling one) is read, to be refused by name; only a missing file means "no webhooks".
        if (!System.IO.File.Exists(path) && new FileInfo(path).LinkTarget is null)
        {
            return new WebhookSettingsResult(WebhookSettings.None, []);
        }

        var document = folder.Deserialize<Document>(File, RuleFolder.CamelCase);
        if (document is null)
        {
            return new WebhookSettingsResult(null, folder.Problems);
        }

        var delivery = ReadDelivery(folder, document.Delivery ?? new DeliveryDocument());
        var subscriptions = new List<WebhookSubscription>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Subscriptions.Length; i++)
        {
            if (ReadSubscription(folder, document.Subscriptions[i], $"subscriptions[{i}]", names, knownTiers, environment) is { } subscription)
            {
                subscriptions.Add(subscription);
            }
        }

        return new WebhookSettingsResult(folder.HasErrors ? null : new WebhookSettings(delivery, subscriptions), folder.Problems);
    }

    private static DeliverySettings ReadDelivery(RuleFolder folder, DeliveryDocument d)
    {
        void Range(string name, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                folder.Error(File, folder.LineOf(File, $"delivery.{name}"), null, $"delivery.{name} is {value}: give {min} to {max}");
            }
        }

        Range("maxAttempts", d.MaxAttempts, 1, 50);
        Range("timeoutSeconds", d.TimeoutSeconds, 1, 120);
        Range("firstRetrySeconds", d.FirstRetrySeconds, 1, 86_400);
        Range("maxRetrySeconds", d.MaxRetrySeconds, 1, 7 * 86_400);
        Range("parallel", d.Parallel, 1, 64);
        if (d.MaxRetrySeconds < d.FirstRetrySeconds)
        {
            folder.Error(File, folder.LineOf(File, "delivery.maxRetrySeconds"), null,
                $"delivery.maxRetrySeconds ({d.MaxRetrySeconds}) is below firstRetrySeconds ({d.FirstRetrySeconds}): the longest wait cannot be shorter than the first");
        }

        return new DeliverySettings(d.MaxAttempts, TimeSpan.FromSeconds(d.TimeoutSeconds), TimeSpan.FromSeconds(d.FirstRetrySeconds),
            TimeSpan.FromSeconds(d.MaxRetrySeconds), d.Parallel);
    }

    private static WebhookSubscription? ReadSubscription(RuleFolder folder, SubscriptionDocument s, string at, HashSet<string> names,
        IReadOnlyCollection<string>? knownTiers, Func<string, string?> environment)
    {
        var errors = folder.Problems.Count(p => p.Severity == RuleProblemSeverity.Error);
        int? Line(string path) => folder.LineOf(File, $"{at}.{path}") ?? folder.LineOf(File, at);
        void Error(string path, string message) => folder.Error(File, Line(path), null, message);
        void Warn(string path, string message) =>
            folder.Problems.Add(new RuleProblem(RuleProblemSeverity.Warning, File, Line(path), null, message));

        var label = s.Name.Length > 0 ? $"subscription '{s.Name}'" : at;
        if (!SubscriptionName().IsMatch(s.Name))
        {
            Error("name", $"{at}.name \"{s.Name}\": give a name of lower case letters, digits, - and _ (up to 40), unique in the file");
        }
        else if (!names.Add(s.Name))
        {
            Error("name", $"{label} appears twice: names are unique (deliveries are recorded by name)");
        }

        Uri? url = null;
        if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            Error("url", $"{label}: url \"{s.Url}\" is not an absolute http:// or https:// URL");
        }
        else if (parsed.UserInfo.Length > 0)
        {
            Error("url", $"{label}: url carries a user name or password; sign with a secret instead (a URL ends up in logs)");
        }
        else
        {
            url = parsed;
        }

        var events = new HashSet<WebhookEvent>();
        if (s.Events.Length == 0)
        {
            Error("events", $"{label}: events is empty; name at least one of {string.Join(", ", WebhookEvents.Names)}");
        }

        foreach (var name in s.Events)
        {
            if (!WebhookEvents.TryParse(name, out var kind))
            {
                Error("events", $"{label}: event \"{name}\" is not one of {string.Join(", ", WebhookEvents.Names)}");
            }
            else if (!WebhookEvents.Emitted.Contains(kind))
            {
                Error("events", $"{label}: event \"{name}\" is not sent yet (it comes with routing); subscribe to {string.Join(", ", WebhookEvents.Emitted.Select(WebhookEvents.Name))}");
            }
            else
            {
                events.Add(kind);
            }
        }

        var format = s.Format switch
        {
            "standard" => WebhookFormat.Standard,
            "slack" => WebhookFormat.Slack,
            _ => (WebhookFormat?)null,
        };
        if (format is null)
        {
            Error("format", $"{label}: format \"{s.Format}\" is not standard or slack");
        }

        if (s.Secret is not null && s.SecretEnv is not null)
        {
            Error("secret", $"{label}: give secret or secretEnv, not both");
        }
        else if (s.Secret is not null)
        {
            if (!WebhookSecret.TryParse(s.Secret, out _, out var why))
            {
                Error("secret", $"{label}: secret: {why}");
            }
            else
            {
                Warn("secret", $"{label}: the secret is written in the rules folder, which is committed; put it in an environment variable and name it with secretEnv");
            }
        }
        else if (s.SecretEnv is not null)
        {
            if (!VariableName().IsMatch(s.SecretEnv))
            {
                Error("secretEnv", $"{label}: secretEnv \"{s.SecretEnv}\" is not an environment variable name (letters, digits and _)");
            }
            else if (environment(s.SecretEnv) is not { Length: > 0 } value)
            {
                // A disabled subscription (the shipped examples) needs no secret yet.
                if (s.Enabled)
                {
                    Warn("secretEnv", $"{label}: environment variable {s.SecretEnv} is not set here; the worker needs it (whsec_ and base64) to sign");
                }
            }
            else if (!WebhookSecret.TryParse(value, out _, out var why))
            {
                Error("secretEnv", $"{label}: environment variable {s.SecretEnv}: {why}");
            }
        }
        else if (format != WebhookFormat.Slack)
        {
            Error("name", $"{label}: no secret; give secretEnv (an environment variable holding whsec_ and the key in base64) so receivers can verify the signature");
        }

        foreach (var tier in s.Tiers ?? [])
        {
            if (knownTiers is not null && !knownTiers.Contains(tier))
            {
                Error("tiers", $"{label}: tier \"{tier}\" is not one of tiers.json's ({string.Join(", ", knownTiers)})");
            }
        }

        if (folder.Problems.Count(p => p.Severity == RuleProblemSeverity.Error) > errors || url is null || format is null)
        {
            return null;
        }

        return new WebhookSubscription(s.Name, url, events, s.Secret, s.SecretEnv,
            (s.Tiers ?? []).ToHashSet(StringComparer.Ordinal), format.Value, s.Enabled);
    }

    private sealed class Document
    {
        [JsonPropertyName(ContentHash.SchemaProperty)] public string? Schema { get; init; }
        public string? Description { get; init; }
        public DeliveryDocument? Delivery { get; init; }
        public SubscriptionDocument[] Subscriptions { get; init; } = [];
    }

    private sealed class DeliveryDocument
    {
        public int MaxAttempts { get; init; } = DeliverySettings.Default.MaxAttempts;
        public int TimeoutSeconds { get; init; } = (int)DeliverySettings.Default.Timeout.TotalSeconds;
        public int FirstRetrySeconds { get; init; } = (int)DeliverySettings.Default.FirstRetry.TotalSeconds;
        public int MaxRetrySeconds { get; init; } = (int)DeliverySettings.Default.MaxRetry.TotalSeconds;
        public int Parallel { get; init; } = DeliverySettings.Default.Parallel;
    }

    private sealed class SubscriptionDocument
    {
        public string Name { get; init; } = "";
        public string? Description { get; init; }
        public string Url { get; init; } = "";
        public string[] Events { get; init; } = [];
        public string? Secret { get; init; }
        public string? SecretEnv { get; init; }
        public string[]? Tiers { get; init; }
        public string Format { get; init; } = "standard";
        public bool Enabled { get; init; } = true;
    }
}
