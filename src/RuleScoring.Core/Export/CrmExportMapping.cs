using System.Globalization;
using System.Text.Json;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Reasons;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Core.Export;

/// <summary>
/// Which score properties a CRM import file carries, under the column names that CRM expects,
/// in order. A mapping is data, shipped for HubSpot and Salesforce under mappings/:
/// <code>
/// { "kind": "export", "name": "hubspot",
///   "columns": [
///     { "name": "Record ID", "field": "lead_id" },
///     { "name": "Email", "field": "attr:email" },
///     { "name": "Lead Score Tier", "field": "tier", "values": { "A": "Hot" } },
///     { "name": "Why Now", "field": "why_now" },
///     { "name": "Last Scored", "field": "as_of", "format": "date" } ],
///   "whyNowReasons": 3 }
/// </code>
/// <c>values</c> renames what a field writes (a CRM dropdown's internal values); when a tier's
/// values are given, every tier of the model must be among them (<see cref="CheckTiers"/>).
/// </summary>
public sealed class CrmExportMapping
{
    /// <summary>Every field a column can take, besides <c>attr:NAME</c> (a lead attribute, e.g. the email a CRM matches on).</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["lead_id"] = "the lead's id (the CRM record id when imported from it)",
        ["tier"] = "the current tier (empty when no tier rule matched)",
        ["fit"] = "the fit dimension's score (0-100)",
        ["intent"] = "the intent dimension's score (0-100)",
        ["behavior"] = "the behavior dimension's score (0-100)",
        ["composite"] = "the composite score",
        ["why_now"] = "the strongest reasons' texts in one line",
        ["sales_action"] = "what the tier asks sales to do",
        ["follow_up_by"] = "when the tier's SLA wants the first touch",
        ["disqualified"] = "true or false",
        ["motion"] = "the motion the lead was scored under",
        ["as_of"] = "when the score was computed for",
        ["scored_at"] = "when the score last changed",
        ["rules_version"] = "the rules version that scored it",
        ["rules_hash"] = "the rules' content hash (12 hex digits)",
        ["queue"] = "the queue routing.json sent the lead to (empty when never routed)",
        ["owner"] = "the rep the lead is assigned to (empty while held or never routed)",
        ["route_status"] = "assigned, held or escalated",
        ["play"] = "the play chosen when it was routed",
        ["talk_track"] = "the play's talk track",
        ["sequence"] = "the play's sequence name",
    };

    public const string AttributePrefix = "attr:";

    private CrmExportMapping(string source, string name, IReadOnlyList<CrmExportColumn> columns, int whyNowReasons, string? description)
    {
        Source = source;
        Name = name;
        Columns = columns;
        WhyNowReasons = whyNowReasons;
        Description = description;
    }

    /// <summary>The file it was read from.</summary>
    public string Source { get; }

    /// <summary>Names the export's cursor (<c>export.NAME</c>): each mapping exports incrementally on its own.</summary>
    public string Name { get; }

    public string? Description { get; }

    public IReadOnlyList<CrmExportColumn> Columns { get; }

    public int WhyNowReasons { get; }

    public IReadOnlyList<string> Header => Columns.Select(c => c.Name).ToArray();

    /// <summary>Reads and checks a mapping file; every problem of the file at once, each with its line.</summary>
    /// <exception cref="CrmExportMappingException">The file is missing, not JSON, or has problems.</exception>
    public static CrmExportMapping Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CrmExportMappingException(path, [$"{path}: cannot read the mapping: {ex.Message}"]);
        }

        return Parse(path, text);
    }

    public static CrmExportMapping Parse(string source, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new CrmExportMappingException(source, [$"{source}:{(ex.LineNumber ?? 0) + 1}: not valid JSON: {ex.Message}"]);
        }

        var lines = JsonLineMap.Build(text);
        var problems = new List<string>();
        void Problem(string path, string message) => problems.Add($"{source}:{lines.LineOf(path) ?? 1}: {message}");

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CrmExportMappingException(source, [$"{source}:1: a mapping is a JSON object with \"kind\": \"export\" and \"columns\""]);
        }

        var known = new HashSet<string>(["kind", "name", "description", "columns", "whyNowReasons"], StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            Problem(property.Name, $"unknown property \"{property.Name}\" (a mapping has {string.Join(", ", known)})");
        }

        var kind = Text(root, "kind");
        if (kind != "export")
        {
            Problem("kind", kind is null
                ? "\"kind\": \"export\" is missing: this file is not a score export mapping"
                : $"kind \"{kind}\" is an import mapping's; a score export mapping has \"kind\": \"export\"");
        }

        var name = Text(root, "name") ?? Path.GetFileNameWithoutExtension(source);
        if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')))
        {
            Problem("name", $"name \"{name}\" must be letters, digits, '-', '_' or '.': it names the export's cursor");
        }

        var whyNow = WhyNow.DefaultCount;
        if (root.TryGetProperty("whyNowReasons", out var count))
        {
            if (count.ValueKind != JsonValueKind.Number || !count.TryGetInt32(out whyNow) || whyNow is < 1 or > 10)
            {
                Problem("whyNowReasons", $"whyNowReasons must be a whole number from 1 to 10, not {count.GetRawText()}");
                whyNow = WhyNow.DefaultCount;
            }
        }

        var columns = new List<CrmExportColumn>();
        if (!root.TryGetProperty("columns", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            Problem("columns", "\"columns\" must be a non-empty array of { \"name\": ..., \"field\": ... }");
        }
        else
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var i = 0;
            foreach (var column in list.EnumerateArray())
            {
                var at = $"columns[{i++}]";
                if (column.ValueKind != JsonValueKind.Object)
                {
                    Problem(at, "a column is an object: { \"name\": \"Lead Score Tier\", \"field\": \"tier\" }");
                    continue;
                }

                foreach (var property in column.EnumerateObject().Where(p => p.Name is not ("name" or "field" or "values" or "format")))
                {
                    Problem($"{at}.{property.Name}", $"unknown property \"{property.Name}\" in a column (name, field, values, format)");
                }

                var header = Text(column, "name");
                var field = Text(column, "field");
                if (string.IsNullOrWhiteSpace(header))
                {
                    Problem(at, "a column needs a \"name\": the column header the CRM's import expects");
                }
                else if (!names.Add(header))
                {
                    Problem($"{at}.name", $"column \"{header}\" appears twice: the CRM would import one of them");
                }

                if (string.IsNullOrWhiteSpace(field))
                {
                    Problem(at, $"column \"{header}\" needs a \"field\": one of {string.Join(", ", Fields.Keys)}, or attr:NAME");
                }
                else if (!Fields.ContainsKey(field) && !(field.StartsWith(AttributePrefix, StringComparison.Ordinal) && field.Length > AttributePrefix.Length))
                {
                    Problem($"{at}.field", $"field \"{field}\" is not known: one of {string.Join(", ", Fields.Keys)}, or attr:NAME for a lead attribute");
                }

                var format = Text(column, "format");
                if (format is not (null or "date" or "datetime"))
                {
                    Problem($"{at}.format", $"format \"{format}\" must be \"date\" (2026-11-20) or \"datetime\" (2026-11-20T12:00:00Z)");
                }
                else if (format is not null && field is not ("as_of" or "scored_at" or "follow_up_by"))
                {
                    Problem($"{at}.format", $"format applies to as_of, scored_at and follow_up_by, not to {field}");
                }

                Dictionary<string, string>? values = null;
                if (column.TryGetProperty("values", out var map))
                {
                    if (map.ValueKind != JsonValueKind.Object || map.EnumerateObject().Any(v => v.Value.ValueKind != JsonValueKind.String))
                    {
                        Problem($"{at}.values", "values maps what the field writes to what the CRM expects: { \"A\": \"Hot\" }, text to text");
                    }
                    else
                    {
                        values = map.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString()!, StringComparer.Ordinal);
                    }
                }

                if (header is not null && field is not null)
                {
                    columns.Add(new CrmExportColumn(header, field, values, format == "date", lines.LineOf(at) ?? 1));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new CrmExportMappingException(source, problems);
        }

        return new CrmExportMapping(source, name, columns, whyNow, Text(root, "description"));
    }

    /// <summary>
    /// Problems with the model's tiers: a column that renames tiers must name every one (a CRM
    /// dropdown refuses a value it does not have), and names no tier the model lacks.
    /// </summary>
    public IReadOnlyList<string> CheckTiers(IReadOnlyCollection<string> tiers)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var problems = new List<string>();
        foreach (var column in Columns.Where(c => c.Field == "tier" && c.Values is not null))
        {
            var missing = tiers.Where(t => !column.Values!.ContainsKey(t)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{Source}:{column.Line}: column \"{column.Name}\" renames tiers but not {string.Join(", ", missing)}: the CRM would be sent a value its property does not have");
            }

            var unknown = column.Values!.Keys.Where(k => !tiers.Contains(k) && k.Length > 0).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                problems.Add($"{Source}:{column.Line}: column \"{column.Name}\" renames {string.Join(", ", unknown)}, which the model has no tier of (it has {string.Join(", ", tiers.Order(StringComparer.Ordinal))})");
            }
        }

        return problems;
    }

    /// <summary>One lead's row, in column order: values as text, numbers and times invariant.</summary>
    /// <param name="route">Where routing sent the lead and the play it chose (null: never routed).</param>
    public IReadOnlyList<string> Row(ScoreCard card, DateTimeOffset scoredAt, IReadOnlyDictionary<string, string> attributes, CrmRoute? route = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(attributes);
        var row = new string[Columns.Count];
        for (var i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            var value = Value(column, card, scoredAt, attributes, route);
            row[i] = column.Values is { } values && values.TryGetValue(value, out var renamed) ? renamed : value;
        }

        return row;
    }

    private string Value(CrmExportColumn column, ScoreCard card, DateTimeOffset scoredAt, IReadOnlyDictionary<string, string> attributes, CrmRoute? route) => column.Field switch
    {
        "lead_id" => card.LeadId,
        "tier" => card.Tier?.Tier ?? "",
        "fit" or "intent" or "behavior" => card.Dimensions.FirstOrDefault(d => d.Name == column.Field) is { } d ? Number(d.Score) : "",
        "composite" => Number(card.Composite),
        "why_now" => WhyNow.Line(card, WhyNowReasons),
        "sales_action" => card.Tier?.SalesAction ?? "",
        "follow_up_by" => card.Tier?.FollowUpBy is { } due ? Time(due, column.DateOnly) : "",
        "disqualified" => card.Disqualified ? "true" : "false",
        "motion" => card.Motion,
        "as_of" => Time(card.AsOf, column.DateOnly),
        "scored_at" => Time(scoredAt, column.DateOnly),
        "rules_version" => card.Rules.Version,
        "rules_hash" => card.Rules.ShortHash,
        "queue" => route?.Queue ?? "",
        "owner" => route?.Owner ?? "",
        "route_status" => route?.Status ?? "",
        "play" => route?.Play ?? "",
        "talk_track" => route?.TalkTrack ?? "",
        "sequence" => route?.Sequence ?? "",
        _ => attributes.TryGetValue(column.Field[AttributePrefix.Length..], out var attribute) ? attribute : "",
    };

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at, bool dateOnly) =>
        dateOnly ? at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Timestamps.Format(at);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Where routing sent a lead, as the export writes it.</summary>
public sealed record CrmRoute(string Queue, string? Owner, string Status, string? Play, string? TalkTrack, string? Sequence);

/// <param name="DateOnly">Times written as a date (yyyy-MM-dd), for a CRM date property.</param>
/// <param name="Line">Where the column is in the mapping file.</param>
public sealed record CrmExportColumn(string Name, string Field, IReadOnlyDictionary<string, string>? Values, bool DateOnly, int Line);

/// <summary>A score export mapping that cannot be used; <see cref="Problems"/> each name the file and line.</summary>
public sealed class CrmExportMappingException : Exception
{
    public CrmExportMappingException()
    {
        Problems = [];
    }

    public CrmExportMappingException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public CrmExportMappingException(string message, Exception inner)
        : base(message, inner)
    {
        Problems = [message];
    }

    public CrmExportMappingException(string source, IReadOnlyList<string> problems)
        : base($"{source}: {problems.Count} problem(s) in the export mapping")
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
