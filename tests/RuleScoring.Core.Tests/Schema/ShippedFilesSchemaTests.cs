using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Schema;

/// <summary>What an ops person sees in the editor on the files we ship: no red squiggles.</summary>
public sealed class ShippedFilesSchemaTests
{
    /// <summary>Every JSON file under rules/ that names a schema (files added later, e.g. rules/tests/*.json, are picked up too).</summary>
    public static TheoryData<string> FilesWithSchema() => new(RelativeFilesWithSchema());

    private static List<string> RelativeFilesWithSchema() =>
        Directory.GetFiles(Repo.Rules, "*.json", SearchOption.AllDirectories)
            .Where(f => !IsSchema(f) && RuleSchemas.PathFor(f) is not null)
            .Select(f => Path.GetRelativePath(Repo.Rules, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Theory]
    [MemberData(nameof(FilesWithSchema))]
    public void ShippedFile_ValidatesAgainstTheSchemaItNames(string file)
    {
        var path = Path.Combine(Repo.Rules, file);
        var schemaPath = RuleSchemas.PathFor(path).ShouldNotBeNull();
        File.Exists(schemaPath).ShouldBeTrue($"{file} names {schemaPath}, which does not exist");

        var problems = RuleSchemas.Problems(RuleSchemas.Load(schemaPath), File.ReadAllText(path));

        problems.ShouldBeEmpty($"{file} against {Path.GetFileName(schemaPath)}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void LoaderFiles_EachNameTheirSchema()
    {
        var expected = new Dictionary<string, string>
        {
            [RuleSetLoader.ModelFile] = "./schema/model.schema.json",
            [RuleSetLoader.TiersFile] = "./schema/tiers.schema.json",
            [RuleScoring.Core.Accounts.AccountModel.File] = "./schema/account.schema.json",
        };
        foreach (var dimension in RuleSetLoader.DimensionNames)
        {
            expected[dimension + ".json"] = "./schema/workflow.schema.json";
        }

        foreach (var (file, schema) in expected)
        {
            ((string?)JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Rules, file)))!["$schema"]).ShouldBe(schema, file);
        }
    }

    [Fact]
    public void FilesWithSchema_CoverTheLoaderFilesAndTheRuleTests()
    {
        var files = RelativeFilesWithSchema();

        files.ShouldContain("model.json");
        files.ShouldContain("tiers.json");
        files.ShouldContain(f => f.StartsWith("tests/", StringComparison.Ordinal));
    }

    [Fact]
    public void VsCodeSettings_MapEveryFileToTheSchemaItNames()
    {
        // The fallback for a file without "$schema" (or a new one): VS Code's json.schemas, where a
        // fileMatch starting with "/" is relative to the workspace folder (the repo root).
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, ".vscode", "settings.json")), null,
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var mappings = settings["json.schemas"]!.AsArray()
            .Select(m => (Url: (string)m!["url"]!, Patterns: m["fileMatch"]!.AsArray().Select(p => (string)p!).ToList()))
            .ToList();

        foreach (var file in RelativeFilesWithSchema().Select(f => "rules/" + f))
        {
            var named = "./" + Path.GetRelativePath(Repo.Root, RuleSchemas.PathFor(Path.Combine(Repo.Root, file))!).Replace('\\', '/');
            var mapped = mappings.Where(m => m.Patterns.Any(p => VsCodeGlob(p).IsMatch(file))).Select(m => m.Url).ToList();

            string.Join(", ", mapped).ShouldBe(named, $"{file} names {named}; .vscode/settings.json maps it to [{string.Join(", ", mapped)}]");
        }
    }

    /// <summary>A fileMatch pattern as VS Code reads it: "/" anchors at the workspace root, * stays within a folder, ** crosses folders.</summary>
    private static Regex VsCodeGlob(string pattern)
    {
        var anchored = pattern.StartsWith('/');
        var body = Regex.Escape(anchored ? pattern[1..] : pattern).Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*");
        return new Regex((anchored ? "^" : "(^|/)") + body + "$");
    }

    private static bool IsSchema(string file) =>
        Path.GetRelativePath(Repo.Rules, file).Replace('\\', '/').StartsWith("schema/", StringComparison.Ordinal);
}
