using System.Globalization;
using System.Text.Json;

namespace RuleScoring.Core.Leads;

/// <summary>
/// Reads leads in the contract's JSON shape: <c>{"lead_id": "...", "attributes": {...},
/// "signals": [{"type": "...", "occurred_at": "..."}]}</c>, as one (pretty-printed) object,
/// a JSON array of them, or JSONL. A bad record is reported with its line and the rest are read.
/// </summary>
public static class LeadJsonReader
{
    private static readonly HashSet<string> LeadFields = ["lead_id", "attributes", "signals"];
    private static readonly HashSet<string> SignalFields = ["type", "occurred_at", "event_id", "topic", "value", "source"];

    public static IReadOnlyList<LeadRecord> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0)
        {
            return [];
        }

        var firstLine = text.AsSpan(0, text.Length - trimmed.Length).Count('\n') + 1;
        try
        {
            using var whole = JsonDocument.Parse(text);
            return whole.RootElement.ValueKind == JsonValueKind.Array
                ? whole.RootElement.EnumerateArray().Select((e, i) => ReadOne(e, firstLine, $"element {i + 1}: ")).ToArray()
                : [ReadOne(whole.RootElement, firstLine, "")];
        }
        catch (JsonException) when (trimmed[0] == '{')
        {
            // Not one JSON value: read it as JSONL, one lead per line, so one bad line costs one lead.
        }
        catch (JsonException ex)
        {
            return [new LeadRecord(ex.LineNumber is { } l ? (int)l + 1 : firstLine, null, $"invalid JSON: {FirstSentence(ex.Message)}")];
        }

        var records = new List<LeadRecord>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                records.Add(ReadOne(doc.RootElement, i + 1, ""));
            }
            catch (JsonException ex)
            {
                records.Add(new LeadRecord(i + 1, null, $"invalid JSON: {FirstSentence(ex.Message)}"));
            }
        }

        return records;
    }

    private static LeadRecord ReadOne(JsonElement element, int line, string prefix)
    {
        try
        {
            return new LeadRecord(line, ToLead(element), null);
        }
        catch (FormatException ex)
        {
            return new LeadRecord(line, null, prefix + ex.Message);
        }
    }

    private static Lead ToLead(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"a lead must be a JSON object, not {element.ValueKind}");
        }

        foreach (var property in element.EnumerateObject().Where(p => !LeadFields.Contains(p.Name)))
        {
            throw new FormatException($"unknown field '{property.Name}' (a lead has lead_id, attributes and signals; CRM fields go in attributes)");
        }

        // Trimmed as the importer does: " L-7" from one source and "L-7" from another are one lead, and a blank id is none.
        if (!element.TryGetProperty("lead_id", out var idElement) || Scalar(idElement)?.Trim() is not { Length: > 0 } leadId)
        {
            throw new FormatException("lead_id is missing or empty");
        }

        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (element.TryGetProperty("attributes", out var attrs) && attrs.ValueKind != JsonValueKind.Null)
        {
            if (attrs.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"lead {leadId}: attributes must be an object");
            }

            foreach (var attr in attrs.EnumerateObject())
            {
                var value = attr.Value.ValueKind == JsonValueKind.Array
                    ? string.Join(';', attr.Value.EnumerateArray().Select(Scalar))
                    : Scalar(attr.Value);
                if (value is not null)
                {
                    attributes[attr.Name] = value;
                }
            }
        }

        var signals = new List<Signal>();
        if (element.TryGetProperty("signals", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"lead {leadId}: signals must be an array");
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                index++;
                signals.Add(ToSignal(item, $"lead {leadId}, signal {index}"));
            }
        }

        return new Lead(leadId, attributes, signals);
    }

    private static Signal ToSignal(JsonElement item, string where)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where}: a signal must be an object");
        }

        foreach (var property in item.EnumerateObject().Where(p => !SignalFields.Contains(p.Name)))
        {
            throw new FormatException($"{where}: unknown field '{property.Name}' (a signal has {string.Join(", ", SignalFields)})");
        }

        var type = item.TryGetProperty("type", out var t) ? Scalar(t) : null;
        if (string.IsNullOrWhiteSpace(type))
        {
            throw new FormatException($"{where}: type is missing");
        }

        var occurred = item.TryGetProperty("occurred_at", out var o) ? Scalar(o) : null;
        if (!Timestamps.TryParse(occurred, out var occurredAt))
        {
            throw new FormatException($"{where} ({type}): occurred_at \"{occurred}\" is not an ISO 8601 timestamp (e.g. 2026-11-20 or 2026-11-20T14:05:00Z)");
        }

        double? value = null;
        if (item.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            // NaN and infinities parse as doubles but are no measurement; SQLite would store them as NULL,
            // so the stored signal would differ from the scored one. The importer refuses them too.
            value = double.TryParse(Scalar(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? number
                : throw new FormatException($"{where} ({type}): value \"{Scalar(v)}\" is not a number");
        }

        return new Signal(type, occurredAt,
            item.TryGetProperty("event_id", out var e) ? Scalar(e) : null,
            item.TryGetProperty("topic", out var topic) ? Scalar(topic) : null,
            value,
            item.TryGetProperty("source", out var s) ? Scalar(s) : null);
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => null,
        _ => throw new FormatException($"expected a text or number, not {element.ValueKind}"),
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
