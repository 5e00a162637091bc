using RuleScoring.Core.Rules;
using System.Globalization;
using System.Text.Json;
using RuleScoring.Core.Leads;

namespace RuleScoring.Worker.Api;

/// <summary>
/// Reads <c>POST /signals</c>: one signal object or an array of them, each with lead_id, type,
/// occurred_at and optionally event_id (the idempotency key), topic, value, source. Every field
/// of every item is checked before anything is stored, and every problem is reported.
/// </summary>
internal static class SignalPayloadReader
{
    private static readonly HashSet<string> Fields = ["lead_id", "type", "occurred_at", "event_id", "topic", "value", "source"];

    public static (IReadOnlyList<(string LeadId, Signal Signal)> Signals, IReadOnlyList<FieldError> Errors) Read(JsonElement root, IReadOnlySet<string> knownTypes)
    {
        var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        var signals = new List<(string, Signal)>(items.Count);
        var errors = new List<FieldError>();
        if (items.Count == 0)
        {
            errors.Add(new FieldError(0, "", "the batch is empty"));
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError(i, "", $"a signal must be a JSON object, not {item.ValueKind}"));
                continue;
            }

            var before = errors.Count;
            foreach (var property in item.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
            {
                errors.Add(new FieldError(i, property.Name, $"unknown field (a signal has {string.Join(", ", Fields)})"));
            }

            var leadId = Text(item, "lead_id", i, errors);
            var type = Text(item, "type", i, errors);
            if (string.IsNullOrWhiteSpace(leadId))
            {
                errors.Add(new FieldError(i, "lead_id", "required"));
            }

            if (string.IsNullOrWhiteSpace(type))
            {
                errors.Add(new FieldError(i, "type", "required"));
            }
            else if (SignalTypes.Problem(type, knownTypes) is { } unknown)
            {
                errors.Add(new FieldError(i, "type", unknown));
            }

            var occurred = Text(item, "occurred_at", i, errors);
            var occurredAt = default(DateTimeOffset);
            if (string.IsNullOrWhiteSpace(occurred))
            {
                errors.Add(new FieldError(i, "occurred_at", "required"));
            }
            else if (!Timestamps.TryParse(occurred, out occurredAt))
            {
                errors.Add(new FieldError(i, "occurred_at", Timestamps.OffsetProblem(occurred) is { } offset
                    ? $"\"{occurred}\" has a {offset}"
                    : $"\"{occurred}\" is not an ISO 8601 timestamp (e.g. 2026-11-20T14:05:00Z)"));
            }

            double? value = null;
            if (item.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null)
            {
                if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var number) && double.IsFinite(number))
                {
                    value = number;
                }
                else if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
                {
                    value = parsed;
                }
                else
                {
                    errors.Add(new FieldError(i, "value", $"{v.GetRawText()} is not a number"));
                }
            }

            var eventId = Text(item, "event_id", i, errors);
            var topic = Text(item, "topic", i, errors);
            var source = Text(item, "source", i, errors);
            if (errors.Count == before)
            {
                signals.Add((leadId!.Trim(), new Signal(SignalTypes.Normalise(type!), occurredAt, eventId, topic, value, source)));
            }
        }

        return (signals, errors);
    }

    private static string? Text(JsonElement item, string field, int index, List<FieldError> errors)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                return value.GetRawText();
            default:
                errors.Add(new FieldError(index, field, $"expected text, not {value.ValueKind}"));
                return null;
        }
    }
}
