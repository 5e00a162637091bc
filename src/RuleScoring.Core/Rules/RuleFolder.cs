using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace RuleScoring.Core.Rules;

/// <summary>
/// The files of one rules folder as the loader reads them: each file's text (refused when too
/// large, a repeated property or a null in it), its content for the hash, the line of every value
/// in it, and the problems every check reports, in the order they were found.
/// </summary>
internal sealed partial class RuleFolder(string directory)
{
    /// <summary>model.json and the rule properties are camelCase.</summary>
    public static readonly JsonSerializerOptions CamelCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    /// <summary>The workflow envelope keeps RulesEngine's PascalCase.</summary>
    public static readonly JsonSerializerOptions PascalCase = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    private readonly Dictionary<string, JsonLineMap> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> _contents = new(StringComparer.Ordinal);

    public List<RuleProblem> Problems { get; } = [];
    public List<(string FileName, JsonNode? Content)> CanonicalFiles { get; } = [];
    public bool HasErrors => Problems.Any(p => p.Severity == RuleProblemSeverity.Error);

    public void Error(string file, int? line, string? rule, string message) =>
        Problems.Add(new RuleProblem(RuleProblemSeverity.Error, file, line, rule, message));

    public bool Has(string file) => File.Exists(Path.Combine(directory, file));

    public T? Deserialize<T>(string file, JsonSerializerOptions options)
        where T : class
    {
        if (!RulesFile.TryReadText(directory, file, out var text, out var refused))
        {
            Error(file, null, null, refused);
            return null;
        }

        try
        {
            // A repeated property is refused: the typed read would keep the last one silently (a
            // reviewer reads one expression, the engine runs the other), and the content hash, which
            // walks the file as a JsonObject, would throw on it.
            var repeated = JsonNulls.FindRepeated(text);
            foreach (var (line, at) in repeated)
            {
                Error(file, line, null, $"{at} appears twice in the same object: keep one");
            }

            if (repeated.Count > 0)
            {
                return null;
            }

            var node = JsonNode.Parse(text);
            CanonicalFiles.Add((file, node));
            _contents[file] = node;
            _lines[file] = JsonLineMap.Build(text);
            var nulls = JsonNulls.Find(text);
            foreach (var (line, at) in nulls)
            {
                Error(file, line, RuleAt(node, at), at.Length == 0
                    ? "the file holds null"
                    : $"{at} is null: leave it out, or give it a value (rules files never use null)");
            }

            return nulls.Count > 0 ? null : JsonSerializer.Deserialize<T>(text, options) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException ex)
        {
            Error(file, ex.LineNumber is { } l ? (int)l + 1 : null, null, JsonErrorText.Friendly(ex));
            return null;
        }
    }

    /// <summary>The 1-based line of the value at <paramref name="path"/> (e.g. <c>dimensions.fit</c>), or of the nearest element enclosing it.</summary>
    public int? LineOf(string file, string path) =>
        _lines.TryGetValue(file, out var map) ? map.LineOf(path) : null;

    /// <summary>The line of the RuleName of the rule at <paramref name="index"/> in a workflow file's Rules.</summary>
    public int? RuleLine(string file, int index) =>
        LineOf(file, $"Rules[{index}].RuleName");

    /// <summary>The line of the first rule named <paramref name="rule"/> in a workflow file.</summary>
    public int? RuleLine(string file, string rule)
    {
        if (_contents.GetValueOrDefault(file) is not JsonObject { } workflow || workflow["Rules"] is not JsonArray rules)
        {
            return null;
        }

        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is JsonObject candidate && candidate["RuleName"] is JsonValue name && name.TryGetValue<string>(out var text) && text == rule)
            {
                return RuleLine(file, i);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^Rules\[(\d+)\]")]
    private static partial Regex RulePath();

    /// <summary>The RuleName of the workflow rule a path such as <c>Rules[3].Properties.decay</c> is in, if any.</summary>
    private static string? RuleAt(JsonNode? file, string path)
    {
        var match = RulePath().Match(path);
        if (!match.Success || file is not JsonObject { } workflow || workflow["Rules"] is not JsonArray rules)
        {
            return null;
        }

        var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return index < rules.Count && rules[index] is JsonObject rule && rule["RuleName"] is JsonValue name && name.TryGetValue<string>(out var text)
            ? text
            : $"#{index + 1}";
    }
}
