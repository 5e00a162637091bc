using System.Text.Json;
using System.Text.Json.Serialization;

namespace RuleScoring.Storage.Import;

/// <summary>
/// Renames a CRM export's columns and values onto the data contract, so a HubSpot or Salesforce
/// export imports with a JSON file and no code:
/// <code>
/// { "kind": "leads",
///   "columns": { "Record ID": "lead_id", "Number of Employees": "employees" },
///   "values":  { "industry": { "COMPUTER_SOFTWARE": "software" } },
///   "empty":   ["Select", "N/A"],
///   "defaults": { "source": "hubspot" },
///   "ignore":  ["Lead Quality"],
///   "unmapped": "keep" }
/// </code>
/// <c>"fanout": "domain"</c> (signals only) is for account-level feeds: rows name a company
/// <c>domain</c> instead of a <c>lead_id</c>, and each row becomes one signal for every lead of
/// that domain.
/// Column and value names match case-insensitively. <c>values</c> is keyed by the target
/// column; <c>empty</c> lists values that mean "no answer"; <c>defaults</c> fill empty or
/// missing columns; <c>ignore</c> drops source columns; <c>unmapped</c> "ignore" drops every
/// column the mapping does not name (default "keep": leads keep them as custom attributes).
/// </summary>
public sealed class ImportMapping
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private ImportMapping(string source, Document doc)
    {
        Source = source;
        Description = doc.Description;
        Kind = doc.Kind is null ? null
            : Enum.TryParse<ImportKind>(doc.Kind, ignoreCase: true, out var kind) ? kind
            : throw new ImportException($"{source}: kind \"{doc.Kind}\" is not one of leads, signals, deals, dispositions");
        KeepUnmapped = doc.Unmapped?.ToLowerInvariant() switch
        {
            null or "keep" => true,
            "ignore" => false,
            _ => throw new ImportException($"{source}: unmapped \"{doc.Unmapped}\" must be \"keep\" or \"ignore\""),
        };

        ByDomain = doc.Fanout?.Trim().ToLowerInvariant() switch
        {
            null => false,
            "domain" when Kind == ImportKind.Signals => true,
            "domain" => throw new ImportException($"{source}: fanout \"domain\" is for signals; this mapping's kind is {doc.Kind ?? "not given (say \"kind\": \"signals\")"}"),
            _ => throw new ImportException($"{source}: fanout \"{doc.Fanout}\" is not supported (only \"domain\")"),
        };

        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (from, to) in doc.Columns ?? [])
        {
            if (string.IsNullOrWhiteSpace(to))
            {
                throw new ImportException($"{source}: column \"{from}\" maps to an empty name; list it under \"ignore\" to drop it");
            }

            columns[from.Trim()] = to.Trim();
        }

        var values = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (column, map) in doc.Values ?? [])
        {
            values[column.Trim()] = CaseInsensitive(map, $"values of \"{column}\"", source);
        }

        Columns = columns;
        Values = values;

        Empty = new HashSet<string>((doc.Empty ?? []).Select(e => e.Trim()), StringComparer.OrdinalIgnoreCase);
        Defaults = CaseInsensitive(doc.Defaults ?? [], "defaults", source);
        Ignore = new HashSet<string>((doc.Ignore ?? []).Select(i => i.Trim()), StringComparer.OrdinalIgnoreCase);
        Leaky = new HashSet<string>((doc.Leaky ?? []).Select(i => i.Trim()), StringComparer.OrdinalIgnoreCase);
        var both = Ignore.FirstOrDefault(Columns.ContainsKey);
        if (both is not null)
        {
            throw new ImportException($"{source}: column \"{both}\" is both mapped and ignored");
        }
    }

    /// <summary>Where the mapping came from, for messages.</summary>
    public string Source { get; }

    public string? Description { get; }

    /// <summary>The kind of file this mapping is for; null when it does not say.</summary>
    public ImportKind? Kind { get; }

    public IReadOnlyDictionary<string, string> Columns { get; }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values { get; }

    public IReadOnlySet<string> Empty { get; }

    public IReadOnlyDictionary<string, string> Defaults { get; }

    public IReadOnlySet<string> Ignore { get; }

    public bool KeepUnmapped { get; }

    /// <summary>
    /// Source columns written during or after the sales process (a rep's tags, a quality grade): a
    /// record for whoever writes the model, whose model.json leakyFields is what validate and
    /// calibrate honour (under the attribute names the columns are imported as).
    /// </summary>
    public IReadOnlySet<string> Leaky { get; }

    /// <summary>Rows carry a company domain, not a lead id: one signal per lead of the domain.</summary>
    public bool ByDomain { get; }

    /// <exception cref="ImportException">The file is missing or not a valid mapping.</exception>
    public static ImportMapping Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"{path}: cannot read the mapping: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    /// <exception cref="ImportException">The text is not a valid mapping.</exception>
    public static ImportMapping Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        Document? doc;
        try
        {
            doc = JsonSerializer.Deserialize<Document>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? $":{l + 1}" : "";
            var message = ex.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new ImportException($"{source}{line}: not a valid mapping: {(cut > 0 ? message[..cut] : message)} (fields: description, kind, fanout, columns, values, empty, defaults, ignore, unmapped)", ex);
        }

        return new ImportMapping(source, doc ?? throw new ImportException($"{source}: the mapping is empty"));
    }

    private static Dictionary<string, string> CaseInsensitive(Dictionary<string, string> map, string what, string source)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in map)
        {
            if (!result.TryAdd(key.Trim(), value ?? ""))
            {
                throw new ImportException($"{source}: {what} lists \"{key.Trim()}\" twice (names match case-insensitively)");
            }
        }

        return result;
    }

    /// <summary>The value after the mapping: trimmed, "no answer" values emptied, renamed, defaulted.</summary>
    internal string MapValue(string column, string value)
    {
        var text = value.Trim();
        if (Empty.Contains(text))
        {
            text = "";
        }

        if (Values.TryGetValue(column, out var map) && map.TryGetValue(text, out var mapped))
        {
            text = mapped.Trim();
        }

        return text.Length == 0 && Defaults.TryGetValue(column, out var fallback) ? fallback : text;
    }

    private sealed class Document
    {
        [JsonPropertyName("description")]
        public string? Description { get; set; }

        [JsonPropertyName("kind")]
        public string? Kind { get; set; }

        [JsonPropertyName("columns")]
        public Dictionary<string, string>? Columns { get; set; }

        [JsonPropertyName("values")]
        public Dictionary<string, Dictionary<string, string>>? Values { get; set; }

        [JsonPropertyName("empty")]
        public List<string>? Empty { get; set; }

        [JsonPropertyName("defaults")]
        public Dictionary<string, string>? Defaults { get; set; }

        [JsonPropertyName("ignore")]
        public List<string>? Ignore { get; set; }

        [JsonPropertyName("unmapped")]
        public string? Unmapped { get; set; }

        [JsonPropertyName("fanout")]
        public string? Fanout { get; set; }

        [JsonPropertyName("leaky")]
        public List<string>? Leaky { get; set; }
    }
}
