using System.Text.Json.Nodes;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Schema;

/// <summary>The model <c>rulescore init</c> writes opens in the editor without red squiggles, like the shipped one.</summary>
public sealed class InitTemplateSchemaTests
{
    private static string Template => Path.Combine(Repo.Root, "src", "RuleScoring.Cli", "Init", "Template");

    public static TheoryData<string> TemplateFiles() => new(
        Directory.GetFiles(Template, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Template, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public void TemplateFile_ValidatesAgainstTheSchemaItNames(string file)
    {
        var text = File.ReadAllText(Path.Combine(Template, file));
        var schema = ((string?)JsonNode.Parse(text)!["$schema"]).ShouldNotBeNull(file);

        // init writes rules/schema's files to schema/ beside model.json, so the name is all that differs.
        var problems = RuleSchemas.Problems(RuleSchemas.Named(Path.GetFileName(schema)), text);

        problems.ShouldBeEmpty($"{file} against {schema}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }
}
