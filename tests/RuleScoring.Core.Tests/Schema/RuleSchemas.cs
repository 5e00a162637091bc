using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Schema;

/// <summary>The JSON Schemas in rules/schema/, checked with a real validator (NJsonSchema) the way an editor checks a file.</summary>
internal static class RuleSchemas
{
    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Loaded = new(StringComparer.Ordinal);

    public static string Folder => Path.Combine(Repo.Rules, "schema");

    /// <summary>The schema a rules file's <c>$schema</c> names, resolved against the file's folder; null when it names none.</summary>
    public static string? PathFor(string file)
    {
        var pointer = (string?)JsonNode.Parse(File.ReadAllText(file))?["$schema"];
        return pointer is null ? null : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, pointer));
    }

    public static JsonSchema Load(string schemaPath) =>
        Loaded.GetOrAdd(Path.GetFullPath(schemaPath), p => new Lazy<JsonSchema>(() => JsonSchema.FromFileAsync(p).GetAwaiter().GetResult())).Value;

    public static JsonSchema Named(string name) => Load(Path.Combine(Folder, name));

    /// <summary>Every problem the schema finds in <paramref name="json"/>, one line each with its path (empty: valid).</summary>
    public static IReadOnlyList<string> Problems(JsonSchema schema, string json) =>
        schema.Validate(json).SelectMany(e => Flatten(e, "")).ToList();

    private static IEnumerable<string> Flatten(ValidationError error, string indent)
    {
        yield return $"{indent}{error.Kind} at '{error.Path}' (line {error.LineNumber})";
        if (error is ChildSchemaValidationError child)
        {
            foreach (var inner in child.Errors.SelectMany(e => e.Value).SelectMany(e => Flatten(e, indent + "  ")))
            {
                yield return inner;
            }
        }
    }
}
