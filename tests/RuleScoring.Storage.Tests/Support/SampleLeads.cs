using RuleScoring.Core.Leads;

namespace RuleScoring.Storage.Tests.Support;

/// <summary>The ten bundled sample leads (src/RuleScoring.Cli/Samples), stored in a test database.</summary>
internal static class SampleLeads
{
    public static IReadOnlyList<Lead> All { get; } = LeadJsonReader
        .Read(File.ReadAllText(Path.Combine(Repo.Root, "src", "RuleScoring.Cli", "Samples", "leads.jsonl")))
        .Select(r => r.Lead ?? throw new InvalidOperationException($"sample line {r.Line}: {r.Error}"))
        .ToArray();

    public static void Store(TempDb temp) => temp.Db.Leads.Save(All);
}
