using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Tests.Schema;

/// <summary>
/// The loader's documents (RuleDocuments.cs) and the schemas list the same properties, and
/// require the same ones: a field added to one and not the other fails here, before an ops
/// person meets a red squiggle on a valid file or none on a typo.
/// </summary>
public sealed class SchemaMatchesLoaderDocumentsTests
{
    private const string Model = "model.schema.json";
    private const string Workflow = "workflow.schema.json";
    private const string Tiers = "tiers.schema.json";
    private const string Account = "account.schema.json";

    /// <summary>Each document type, with the schema objects that describe it ("" is the file itself).</summary>
    private static readonly Dictionary<Type, (string Schema, string Definition)[]> Map = new()
    {
        [typeof(ModelDocument)] = [(Model, "")],
        [typeof(DimensionDocument)] = [(Model, "dimension")],
        [typeof(DecayProfileDocument)] = [(Model, "decayProfile")],
        [typeof(DecayStepDocument)] = [(Model, "decayStep")],
        [typeof(SignalTypeDocument)] = [(Model, "signal")],
        [typeof(GovernanceDocument)] = [(Model, "governance")],
        // One document, two shapes: only the emergency class has (and needs) retroReviewDays.
        [typeof(ChangeClassDocument)] = [(Model, "changeClass"), (Model, "emergencyClass")],
        [typeof(WorkflowDocument)] = [(Workflow, ""), (Tiers, ""), (Account, "")],
        [typeof(RuleDocument)] = [(Workflow, "rule"), (Tiers, "rule"), (Account, "rule")],
        [typeof(AccountsSectionDocument)] = [(Model, "accounts")],
        [typeof(ReportsDocument)] = [(Model, "reports")],
        [typeof(AccountRoleDocument)] = [(Model, "accountRole")],
        [typeof(AccountScoringPropertiesDocument)] = [(Account, "scoringProperties")],
        [typeof(AccountTierPropertiesDocument)] = [(Account, "tierProperties")],
        [typeof(ScoringPropertiesDocument)] = [(Workflow, "scoringProperties")],
        [typeof(TierPropertiesDocument)] = [(Tiers, "tierProperties")],
    };

    /// <summary>Required by the schema but optional in the document, because the loader checks it with a better message.</summary>
    private static readonly HashSet<(string Schema, string Definition, string Property)> RequiredBySchemaOnly =
    [
        (Model, "emergencyClass", "retroReviewDays"),
    ];

    public static TheoryData<string> DocumentTypes => new(Map.Keys.Select(t => t.Name));

    [Fact]
    public void EveryLoaderDocument_HasASchema()
    {
        var documents = typeof(ModelDocument).Assembly.GetTypes()
            .Where(t => (t.Namespace == typeof(ModelDocument).Namespace || t.Namespace == typeof(AccountsSectionDocument).Namespace) && t.Name.EndsWith("Document", StringComparison.Ordinal))
            .ToList();

        documents.ShouldNotBeEmpty();
        documents.Where(t => !Map.ContainsKey(t)).Select(t => t.Name).ShouldBeEmpty("documents the loader reads with no schema mapped here");
    }

    [Theory]
    [MemberData(nameof(DocumentTypes))]
    public void Schema_ListsExactlyThePropertiesTheLoaderAccepts(string documentType)
    {
        var type = Map.Keys.Single(t => t.Name == documentType);
        var accepted = JsonProperties(type).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var union = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (schema, definition) in Map[type])
        {
            var inSchema = Properties(schema, definition).Select(p => p.Key).ToList();
            inSchema.ShouldBeSubsetOf(accepted, $"{schema}#{definition} lists properties {type.Name} does not accept");
            union.UnionWith(inSchema);
        }

        union.ToList().ShouldBe(accepted, $"{type.Name} accepts properties its schema does not list");
    }

    [Theory]
    [MemberData(nameof(DocumentTypes))]
    public void Schema_RequiresWhatTheLoaderRequires(string documentType)
    {
        var type = Map.Keys.Single(t => t.Name == documentType);
        var required = JsonProperties(type).Where(p => p.Required).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (schema, definition) in Map[type])
        {
            var inSchema = (Object(schema, definition)["required"]?.AsArray().Select(r => (string)r!) ?? [])
                .Where(p => !RequiredBySchemaOnly.Contains((schema, definition, p)))
                .Order(StringComparer.Ordinal);

            inSchema.ShouldBe(required.Order(StringComparer.Ordinal), $"{schema}#{definition} against {type.Name}");
        }
    }

    [Theory]
    [MemberData(nameof(DocumentTypes))]
    public void SchemaProperties_AllExplainThemselves(string documentType)
    {
        var type = Map.Keys.Single(t => t.Name == documentType);
        foreach (var (schema, definition) in Map[type])
        {
            ((bool?)Object(schema, definition)["additionalProperties"]).ShouldBe(false, $"{schema}#{definition} must reject unknown properties");
            foreach (var (property, node) in Properties(schema, definition))
            {
                var described = node!["description"] ?? (node["$ref"] is { } reference ? Resolve(schema, (string)reference!)["description"] : null);
                described.ShouldNotBeNull($"{schema}#{definition}: '{property}' has no description for the editor to show");
            }
        }
    }

    [Fact]
    public void DimensionsAndMotions_NameTheLoadersDimensions()
    {
        var dimensions = RuleSetLoader.DimensionNames.Order(StringComparer.Ordinal).ToList();

        Properties(Model, "motion").Select(p => p.Key).Order(StringComparer.Ordinal).ShouldBe(dimensions);
        Object(Model, "")["properties"]!["dimensions"]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ShouldBe(dimensions);
        Object(Workflow, "")["properties"]!["WorkflowName"]!["enum"]!.AsArray().Select(v => (string)v!).Order(StringComparer.Ordinal).ShouldBe(dimensions);
    }

    [Fact]
    public void GovernanceClasses_AreTheConfigurableChangeClasses()
    {
        var classes = Object(Model, "governance")["properties"]!["classes"]!;

        classes["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)
            .ShouldBe(ChangeClasses.Configurable.Concat(ChangeClasses.Optional).Select(ChangeClasses.Key).Order(StringComparer.Ordinal));
        classes["required"]!.AsArray().Count.ShouldBe(ChangeClasses.Configurable.Count);
    }

    [Fact]
    public void EveryObjectDefinition_DescribesALoaderDocument()
    {
        // A new definition with properties must be mapped above (or be the motion weights, checked against DimensionNames).
        var mapped = Map.Values.SelectMany(v => v).ToHashSet();
        foreach (var schema in new[] { Model, Workflow, Tiers })
        {
            foreach (var (definition, node) in Root(schema)["definitions"]!.AsObject())
            {
                if (node!["properties"] is not null && !(schema == Model && definition == "motion"))
                {
                    mapped.ShouldContain((schema, definition), $"{schema}#{definition} describes no loader document");
                }
            }
        }
    }

    private static IEnumerable<(string Name, bool Required)> JsonProperties(Type document)
    {
        // model.json and scoring/tier Properties are camelCase; the workflow envelope keeps RulesEngine's PascalCase.
        var camel = document != typeof(WorkflowDocument) && document != typeof(RuleDocument);
        return document.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => (
            p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? (camel ? JsonNamingPolicy.CamelCase.ConvertName(p.Name) : p.Name),
            p.GetCustomAttribute<RequiredMemberAttribute>() is not null));
    }

    private static JsonObject Root(string schema) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RuleSchemas.Folder, schema)))!.AsObject();

    private static JsonObject Object(string schema, string definition) =>
        definition.Length == 0 ? Root(schema) : Root(schema)["definitions"]![definition]!.AsObject();

    private static JsonObject Properties(string schema, string definition) => Object(schema, definition)["properties"]!.AsObject();

    private static JsonObject Resolve(string schema, string reference) =>
        Object(schema, reference.Replace("#/definitions/", "", StringComparison.Ordinal));
}
