using System.Globalization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;
using RuleScoring.Storage.Outcomes;

namespace RuleScoring.Storage.Import;

/// <summary>Validates a contract row of one kind and turns it into what the database stores, or says why it cannot.</summary>
internal static class RowParser
{
    private const string TimestampHint = "is not an ISO 8601 timestamp (e.g. 2026-11-20 or 2026-11-20T14:05:00Z)";
    private static readonly HashSet<string> LeadColumnsNotAttributes = new(["lead_id", "created_at"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A write record (LeadWrite, SignalWrite, DealWrite or DispositionWrite) and its lead id, or an error.</summary>
    public static (object? Row, string? LeadId, string? Error) Parse(ImportKind kind, Dictionary<string, string> row, DateTimeOffset now, IReadOnlySet<string>? signalTypes)
    {
        var leadId = Get(row, "lead_id");
        if (leadId is null)
        {
            return (null, null, "lead_id is missing or empty");
        }

        try
        {
            object write = kind switch
            {
                ImportKind.Leads => Lead(leadId, row, now),
                ImportKind.Signals => Signal(leadId, row, now, signalTypes),
                ImportKind.Deals => Deal(leadId, row, now),
                ImportKind.Dispositions => Disposition(leadId, row, now),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
            return (write, leadId, null);
        }
        catch (FormatException ex)
        {
            return (null, leadId, ex.Message);
        }
    }

    /// <summary>
    /// An account-level signal row (fanout "domain"): the signal with an empty lead id, filled in
    /// per lead of the domain later, and the normalised domain. Without an event_id the event is
    /// type, domain, topic and time, so re-importing the feed (or a restated score for the same
    /// week and topic) adds nothing.
    /// </summary>
    public static (SignalWrite? Row, string? Domain, string? Error) ParseDomainSignal(Dictionary<string, string> row, DateTimeOffset now, IReadOnlySet<string>? signalTypes)
    {
        var domain = Get(row, "domain") is { } d ? AccountKey.NormaliseDomain(d) : null;
        if (domain is null)
        {
            return (null, null, "domain is missing or empty");
        }

        if (domain.Contains('@', StringComparison.Ordinal) || domain.Contains('/', StringComparison.Ordinal) || domain.Any(char.IsWhiteSpace) || !domain.Contains('.', StringComparison.Ordinal))
        {
            return (null, domain, $"domain \"{Get(row, "domain")}\" is not a company domain (e.g. acme.com)");
        }

        try
        {
            var type = Type(row, signalTypes);
            var occurredAt = Time(row, "occurred_at") ?? throw new FormatException("occurred_at is missing or empty");
            var value = Number(row, "value");
            var topic = Get(row, "topic");
            var source = Get(row, "source");
            var eventId = Get(row, "event_id")
                ?? string.Join('|', type.ToLowerInvariant(), domain, topic?.ToLowerInvariant() ?? "", Timestamps.Format(occurredAt));
            return (new SignalWrite("", SignalKey.For(eventId, type, occurredAt, topic, value, source), type, occurredAt, eventId, topic, value, source, now), domain, null);
        }
        catch (FormatException ex)
        {
            return (null, domain, ex.Message);
        }
    }

    private static LeadWrite Lead(string leadId, Dictionary<string, string> row, DateTimeOffset now)
    {
        if (Get(row, "employees") is { } employees)
        {
            if (!int.TryParse(employees, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
            {
                throw new FormatException($"employees \"{employees}\" is not a whole number");
            }

            if (count < 0)
            {
                throw new FormatException($"employees \"{employees}\" is negative: a count of people cannot be below 0");
            }
        }

        var createdAt = Time(row, "created_at");
        return new LeadWrite(leadId, AttributesJson.Write(row.Where(c => !LeadColumnsNotAttributes.Contains(c.Key))), createdAt, now);
    }

    private static SignalWrite Signal(string leadId, Dictionary<string, string> row, DateTimeOffset now, IReadOnlySet<string>? signalTypes)
    {
        var type = Type(row, signalTypes);
        var occurredAt = Time(row, "occurred_at") ?? throw new FormatException("occurred_at is missing or empty");
        var value = Number(row, "value");
        var eventId = Get(row, "event_id");
        var topic = Get(row, "topic");
        var source = Get(row, "source");
        return new SignalWrite(leadId, SignalKey.For(eventId, type, occurredAt, topic, value, source), type, occurredAt, eventId, topic, value, source, now);
    }

    /// <summary>The signal type as the API takes it: in the model's catalogue once lower-cased, and stored lower-cased.</summary>
    private static string Type(Dictionary<string, string> row, IReadOnlySet<string>? signalTypes)
    {
        var type = Get(row, "type") ?? throw new FormatException("type is missing or empty");
        return signalTypes is not null && SignalTypes.Problem(type, signalTypes) is { } unknown ? throw new FormatException("type " + unknown) : SignalTypes.Normalise(type);
    }

    private static DealWrite Deal(string leadId, Dictionary<string, string> row, DateTimeOffset now)
    {
        var outcome = OneOf(row, "outcome", "won", "lost", "open");
        var opportunityId = Get(row, "opportunity_id");
        return new DealWrite(opportunityId ?? "lead:" + leadId, leadId, opportunityId, outcome, Time(row, "created_at"), Time(row, "closed_at"),
            Number(row, "amount"), Get(row, "segment"), now);
    }

    private static DispositionWrite Disposition(string leadId, Dictionary<string, string> row, DateTimeOffset now)
    {
        var status = OneOf(row, "status", "accepted", "rejected");
        var at = Time(row, "at") ?? throw new FormatException("at is missing or empty");
        return new DispositionWrite(leadId, status, SqlTimestamp.Format(at), Get(row, "reason"), Get(row, "rep"), now);
    }

    private static string? Get(Dictionary<string, string> row, string column) =>
        row.TryGetValue(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static DateTimeOffset? Time(Dictionary<string, string> row, string column)
    {
        if (Get(row, column) is not { } text)
        {
            return null;
        }

        return Timestamps.TryParse(text, out var value) ? value : throw new FormatException($"{column} \"{text}\" {TimestampHint}");
    }

    private static double? Number(Dictionary<string, string> row, string column)
    {
        if (Get(row, column) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"{column} \"{text}\" is not a number");
    }

    private static string OneOf(Dictionary<string, string> row, string column, params string[] allowed)
    {
        var text = Get(row, column) ?? throw new FormatException($"{column} is missing or empty");
        var value = text.ToLowerInvariant();
        return allowed.Contains(value) ? value : throw new FormatException($"{column} \"{text}\" is not one of {string.Join(", ", allowed)}");
    }
}
