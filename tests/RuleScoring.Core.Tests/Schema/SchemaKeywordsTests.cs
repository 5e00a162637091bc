using System.Text.Json.Nodes;

namespace RuleScoring.Core.Tests.Schema;

/// <summary>
/// The schemas keep to the draft-07 keywords that both VS Code and the tests' validator
/// (NJsonSchema) check. NJsonSchema silently ignores the rest (if/then, const, dependencies,
/// propertyNames, contains, $defs...), so a schema using them would pass these tests while
/// checking less than it says; write such rules with anyOf/not/enum/patternProperties instead.
/// </summary>
public sealed class SchemaKeywordsTests
{
    private static readonly HashSet<string> Checked =
    [
        "$ref", "type", "properties", "patternProperties", "additionalProperties", "required", "items", "enum",
        "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "minItems", "uniqueItems",
        "minProperties", "allOf", "anyOf", "not",
    ];

    // Annotations: for people and editors, no effect on validity (errorMessage is VS Code's own wording for a failure).
    private static readonly HashSet<string> Annotations =
        ["$schema", "$id", "title", "description", "examples", "default", "errorMessage", "definitions"];

    public static TheoryData<string> Schemas => new(Directory.GetFiles(RuleSchemas.Folder, "*.schema.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Schema_UsesOnlyKeywordsTheValidatorChecks(string schema)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(RuleSchemas.Folder, schema)))!;
        var ignored = new List<string>();
        Walk(root, "#", ignored);

        ignored.ShouldBeEmpty();
        ((string?)root["$schema"]).ShouldBe("http://json-schema.org/draft-07/schema#");
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Schema_LoadsInTheValidator(string schema)
    {
        var loaded = RuleSchemas.Named(schema);

        loaded.Description.ShouldNotBeNullOrWhiteSpace();
        RuleSchemas.Problems(loaded, "[]").ShouldNotBeEmpty("a rules file is an object");
    }

    private static void Walk(JsonNode? node, string path, List<string> ignored)
    {
        if (node is not JsonObject schema)
        {
            return; // true/false schemas
        }

        foreach (var (keyword, value) in schema)
        {
            if (!Checked.Contains(keyword) && !Annotations.Contains(keyword))
            {
                ignored.Add($"{path}/{keyword}");
            }

            switch (keyword)
            {
                case "properties" or "patternProperties" or "definitions":
                    foreach (var (name, child) in value!.AsObject())
                    {
                        Walk(child, $"{path}/{keyword}/{name}", ignored);
                    }

                    break;
                case "allOf" or "anyOf":
                    var i = 0;
                    foreach (var child in value!.AsArray())
                    {
                        Walk(child, $"{path}/{keyword}/{i++}", ignored);
                    }

                    break;
                case "items" or "additionalProperties" or "not":
                    Walk(value, $"{path}/{keyword}", ignored);
                    break;
            }
        }
    }
}
