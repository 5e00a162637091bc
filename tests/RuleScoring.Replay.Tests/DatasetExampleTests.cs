using System.Text.Json;
using RuleScoring.Replay.Adapters;
using RuleScoring.Replay.Reports;

namespace RuleScoring.Replay.Tests;

/// <summary>The CRM Sales Opportunities and Bank Marketing examples, end to end on the real files when they are beside the repository.</summary>
public sealed class DatasetExampleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rulescore-datasets-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    public void CrmSalesOpportunities_ConvertedAndReplayedAtCreation_KeepsEveryDealAndLeavesTheLeakOut()
    {
        var pipeline = Repo.SharedData(Path.Combine("crm-sales-opportunities", "sales_pipeline.csv"));
        Skip.If(pipeline is null, "shared/data/crm-sales-opportunities is not beside the repository");
        var data = Path.Combine(_folder, "crm");

        var (leads, deals) = CrmSalesOpportunities.Convert(Path.GetDirectoryName(pipeline)!, data);

        leads.ShouldBe(8800);
        deals.ShouldBe(8800);
        File.ReadLines(Path.Combine(data, "deals.csv")).First().ShouldNotContain("amount", customMessage: "close_value is 0 for every lost deal: it must not travel");
        var outcomes = File.ReadLines(Path.Combine(data, "deals.csv")).Skip(1).GroupBy(l => l.Split(',')[2]).ToDictionary(g => g.Key, g => g.Count());
        outcomes["won"].ShouldBe(4238);
        outcomes["lost"].ShouldBe(2473);
        outcomes["open"].ShouldBe(2089);
        var report = Replay("crm-sales-opportunities", data, "created");
        report.GetProperty("deals").GetInt32().ShouldBe(6711);
        report.GetProperty("open_or_no_deal").GetInt32().ShouldBe(2089);
    }

    [SkippableFact]
    public void BankMarketing_ConvertedAndReplayed_SeparatesSubscribersWithoutCallDuration()
    {
        var file = Repo.SharedData(Path.Combine("bank-marketing", "bank-additional", "bank-additional-full.csv"));
        Skip.If(file is null, "shared/data/bank-marketing is not beside the repository");
        var data = Path.Combine(_folder, "bank");

        BankMarketing.Convert(file!, data).Leads.ShouldBe(41188);

        File.ReadLines(Path.Combine(data, "leads.csv")).First().ShouldNotContain("duration");
        var report = Replay("bank-marketing", data, "2010-01-01");
        report.GetProperty("won").GetInt32().ShouldBe(4640);
        report.GetProperty("base").GetProperty("auc").GetDouble().ShouldBeGreaterThan(0.65);
        report.GetProperty("base").GetProperty("top_tier_lift").GetDouble().ShouldBeGreaterThan(3);
    }

    [Fact]
    public void Convert_MissingFolder_SaysWhichFileIsMissing()
    {
        var missing = Path.Combine(_folder, "nowhere");

        var error = Should.Throw<AdapterException>(() => CrmSalesOpportunities.Convert(missing, Path.Combine(_folder, "out")));

        error.Message.ShouldContain(Path.Combine(missing, "accounts.csv"));
    }

    private JsonElement Replay(string example, string data, string asOf)
    {
        var rules = Path.Combine(Repo.Rules, "examples", example);
        var outDir = Path.Combine(_folder, example + "-out");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ReplayCommand.Run(new ReplayCommand.Settings(rules, rules, rules, null, data, asOf, null, outDir, new Gate(null, false, null)),
            FixedClock.Create(), output, error);
        code.ShouldBe(0, error.ToString());
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json"))).RootElement.Clone();
    }
}
