using RuleScoring.Core.Leads;

namespace RuleScoring.Storage.Tests.Support;

/// <summary>The ten bundled sample leads (src/RuleScoring.Cli/Samples), stored in a test database.</summary>
internal static class SampleLeads
{
    public static IReadOnlyList<Lead> All { get; } = LeadJsonReader
        .Read(File.ReadAllText(Repo.SampleLeads))
        .Select(r => r.Lead ?? throw new InvalidOperationException($"sample line {r.Line}: {r.Error}"))
        .ToArray();

    public static void Store(TempDb temp) => temp.Db.Leads.Save(All);
}
