using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RuleScoring.Core.RuleTests;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.RuleTests;

/// <summary>The editor's schema and the reader must accept the same properties, or ops people get red squiggles on valid files (or none on typos).</summary>
public sealed class RuleTestSchemaTests
{
    private static readonly JsonNode Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Rules, "schema", "rule-test.schema.json")))!;

    public static TheoryData<string, Type> Objects => new()
    {
        { "", typeof(RuleTestFileDocument) },
        { "case", typeof(RuleTestCaseDocument) },
        { "expect", typeof(RuleTestExpectDocument) },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void Schema_Object_ListsExactlyThePropertiesTheReaderAccepts(string definition, Type document)
    {
        var node = definition.Length == 0 ? Schema : Schema["definitions"]![definition]!;
        var inSchema = node["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
        var accepted = document.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Order(StringComparer.Ordinal);

        inSchema.ShouldBe(accepted);
        ((bool?)node["additionalProperties"]).ShouldBe(false);
        node["properties"]!.AsObject().ShouldAllBe(p => p.Value!["description"] != null || p.Value!["$ref"] != null);
    }

    [Fact]
    public void ShippedTestFiles_PointTheEditorAtTheSchema()
    {
        var files = Directory.GetFiles(Path.Combine(Repo.Rules, RuleTestReader.TestsFolder), "*.json");

        files.ShouldNotBeEmpty();
        files.ShouldAllBe(f => (string?)JsonNode.Parse(File.ReadAllText(f))!["$schema"] == "../schema/rule-test.schema.json");
    }
}
