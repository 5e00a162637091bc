using System.Globalization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;
using RuleScoring.Storage.Outcomes;

namespace RuleScoring.Storage.Import;

/// <summary>
/// Validates a contract row of one kind and turns it into what the database stores; a value it
/// cannot take throws <see cref="RowRejectedException"/> with the reason code and the sentence.
/// </summary>
internal static class RowParser
{
    private const string TimestampHint = "is not an ISO 8601 timestamp (e.g. 2026-11-20 or 2026-11-20T14:05:00Z)";
    private static readonly HashSet<string> LeadColumnsNotAttributes = new(["lead_id", "created_at"], StringComparer.OrdinalIgnoreCase);

    public static LeadWrite Lead(Dictionary<string, string> row, DateTimeOffset now) => Lead(LeadId(row), row, now);

    public static SignalWrite Signal(Dictionary<string, string> row, DateTimeOffset now, IReadOnlySet<string>? signalTypes) => Signal(LeadId(row), row, now, signalTypes);

    public static DealWrite Deal(Dictionary<string, string> row, DateTimeOffset now) => Deal(LeadId(row), row, now);

    public static DispositionWrite Disposition(Dictionary<string, string> row, DateTimeOffset now) => Disposition(LeadId(row), row, now);

    /// <summary>
    /// An account-level signal row (fanout "domain"): the signal with an empty lead id, filled in
    /// per lead of the domain later, and the normalised domain. Without an event_id the event is
    /// type, domain, topic and time, so re-importing the feed (or a restated score for the same
    /// week and topic) adds nothing.
    /// </summary>
    public static DomainSignal DomainSignal(Dictionary<string, string> row, DateTimeOffset now, IReadOnlySet<string>? signalTypes)
    {
        var domain = Get(row, "domain") is { } d ? AccountKey.NormaliseDomain(d) : null;
        if (domain is null)
        {
            throw new RowRejectedException(RejectReason.MissingValue, "domain is missing or empty");
        }

        if (domain.Contains('@', StringComparison.Ordinal) || domain.Contains('/', StringComparison.Ordinal) || domain.Any(char.IsWhiteSpace) || !domain.Contains('.', StringComparison.Ordinal))
        {
            throw new RowRejectedException(RejectReason.InvalidValue, $"domain \"{Get(row, "domain")}\" is not a company domain (e.g. acme.com)");
        }

        var type = Type(row, signalTypes);
        var occurredAt = Time(row, "occurred_at") ?? throw Missing("occurred_at");
        var value = Number(row, "value");
        var topic = Get(row, "topic");
        var source = Get(row, "source");
        var eventId = Get(row, "event_id")
            ?? string.Join('|', type.ToLowerInvariant(), domain, topic?.ToLowerInvariant() ?? "", Timestamps.Format(occurredAt));
        return new DomainSignal(domain, new SignalWrite("", SignalKey.For(eventId, type, occurredAt, topic, value, source), type, occurredAt, eventId, topic, value, source, now));
    }

    private static string LeadId(Dictionary<string, string> row) => Get(row, "lead_id") ?? throw Missing("lead_id");

    private static RowRejectedException Missing(string column) => new(RejectReason.MissingValue, $"{column} is missing or empty");

    private static LeadWrite Lead(string leadId, Dictionary<string, string> row, DateTimeOffset now)
    {
        if (Get(row, "employees") is { } employees)
        {
            if (!int.TryParse(employees, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
            {
                throw new RowRejectedException(RejectReason.InvalidValue, $"employees \"{employees}\" is not a whole number");
            }

            if (count < 0)
            {
                throw new RowRejectedException(RejectReason.NegativeCount, $"employees \"{employees}\" is negative: a count of people cannot be below 0");
            }
        }

        var createdAt = Time(row, "created_at");
        return new LeadWrite(leadId, AttributesJson.Write(row.Where(c => !LeadColumnsNotAttributes.Contains(c.Key))), createdAt, now);
    }

    private static SignalWrite Signal(string leadId, Dictionary<string, string> row, DateTimeOffset now, IReadOnlySet<string>? signalTypes)
    {
        var type = Type(row, signalTypes);
        var occurredAt = Time(row, "occurred_at") ?? throw Missing("occurred_at");
        var value = Number(row, "value");
        var eventId = Get(row, "event_id");
        var topic = Get(row, "topic");
        var source = Get(row, "source");
        return new SignalWrite(leadId, SignalKey.For(eventId, type, occurredAt, topic, value, source), type, occurredAt, eventId, topic, value, source, now);
    }

    /// <summary>The signal type as the API takes it: in the model's catalogue once lower-cased, and stored lower-cased.</summary>
    private static string Type(Dictionary<string, string> row, IReadOnlySet<string>? signalTypes)
    {
        var type = Get(row, "type") ?? throw Missing("type");
        return signalTypes is not null && SignalTypes.Problem(type, signalTypes) is { } unknown ? throw new RowRejectedException(RejectReason.UnknownSignalType, "type " + unknown) : SignalTypes.Normalise(type);
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
        var at = Time(row, "at") ?? throw Missing("at");
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

        return Timestamps.TryParse(text, out var value) ? value : throw new RowRejectedException(RejectReason.InvalidValue, $"{column} \"{text}\" {TimestampHint}");
    }

    private static double? Number(Dictionary<string, string> row, string column)
    {
        if (Get(row, column) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new RowRejectedException(RejectReason.InvalidValue, $"{column} \"{text}\" is not a number");
    }

    private static string OneOf(Dictionary<string, string> row, string column, params string[] allowed)
    {
        var text = Get(row, column) ?? throw Missing(column);
        var value = text.ToLowerInvariant();
        return allowed.Contains(value) ? value : throw new RowRejectedException(RejectReason.InvalidValue, $"{column} \"{text}\" is not one of {string.Join(", ", allowed)}");
    }
}
