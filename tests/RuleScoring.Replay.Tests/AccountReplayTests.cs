using System.Text.Json;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Rules;
using RuleScoring.Replay.Data;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Import;

namespace RuleScoring.Replay.Tests;

/// <summary>Generated data where about half the buying companies buy as a committee, so accounts have several contacts.</summary>
public sealed class AccountReplayFixture : ReplayFixture
{
    public AccountReplayFixture()
        : base(2500, committees: 0.5)
    {
    }
}

public sealed class AccountReplayTests(AccountReplayFixture data) : IClassFixture<AccountReplayFixture>
{
    [Fact]
    public void ReplayAccounts_DefaultModelAgainstItself_OneCasePerAccountWithAClosedDeal_AndNoMigration()
    {
        var rules = data.RulesCopy("accounts-same");

        var (code, output, error, report, outDir) = data.Replay(rules, rules, level: ReplayLevel.Account);

        code.ShouldBe(0, error);
        var (accounts, noAccount) = DirectCount(rules);
        accounts.Count.ShouldBeGreaterThan(30);
        report.GetProperty("level").GetString().ShouldBe("account");
        // Accounts whose every signal came at or after their first deal's point are left out and counted.
        var leftOut = report.GetProperty("left_out").EnumerateArray().Sum(l => l.GetProperty("deals").GetInt32());
        (report.GetProperty("deals").GetInt32() + leftOut).ShouldBe(accounts.Count);
        report.GetProperty("no_account").GetInt32().ShouldBe(noAccount);
        report.GetProperty("tier_moved").GetInt32().ShouldBe(0);
        var rows = File.ReadAllLines(Path.Combine(outDir, "accounts.csv"));
        rows[0].ShouldStartWith("account,outcome,as_of,segment,signals_left_out,base_score,base_tier,base_contacts,base_engaged,base_researching,base_roles,base_reasons,");
        var keys = rows.Skip(1).Select(r => r.Split(',')[0]).ToList();
        keys.ShouldBe(keys.Order(StringComparer.Ordinal).ToList(), "one row per account, by key");
        keys.Distinct(StringComparer.Ordinal).Count().ShouldBe(report.GetProperty("deals").GetInt32());
        keys.ShouldBeSubsetOf(accounts, "only accounts with a closed deal");
        rows.Skip(1).Select(r => int.Parse(r.Split(',')[7], System.Globalization.CultureInfo.InvariantCulture)).Max()
            .ShouldBeGreaterThan(1, "committees put several contacts in one account");
        output.ShouldContain("**no change**");
        output.ShouldContain("accounts with a closed deal");
        output.ShouldNotContain("MQL volume", Case.Sensitive, "account tiers carry no MQL flag");
    }

    [Fact]
    public void ReplayAccounts_AccountRuleWeightChanged_MovesOnlyAccountsWhereItFired()
    {
        var @base = data.RulesCopy("accounts-base");
        var head = data.RulesCopy("accounts-head", (file, node) =>
        {
            if (file == "account.json")
            {
                ReplayFixture.SetPoints(node, "account.best_fit", 1);
            }
        });

        var (code, output, error, report, outDir) = data.Replay(@base, head, level: ReplayLevel.Account);

        code.ShouldBe(0, error);
        var rows = File.ReadAllLines(Path.Combine(outDir, "accounts.csv")).Skip(1).Select(r => r.Split(',')).ToList();
        var changed = rows.Where(r => r[5] != r[12]).ToList();
        changed.Count.ShouldBeGreaterThan(0, "taking 14 points from best fit must lower some account");
        changed.ShouldAllBe(r => r[11].Contains("account.best_fit=15"));
        rows.Where(r => !r[11].Contains("account.best_fit=15")).ShouldAllBe(r => r[5] == r[12]);
        report.GetProperty("tier_moved").GetInt32().ShouldBe(rows.Count(r => r[6] != r[13]));
        output.ShouldContain("account.best_fit | 15 -> 1");
    }

    [Fact]
    public void ReplayAccounts_ContactCreatedAfterTheDeal_IsNotPartOfTheAccountYet_AndFreeMailLeadsFormNoAccount()
    {
        var folder = Path.Combine(data.Folder, "pit-accounts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "leads.csv"), """
            lead_id,email,employees,industry,country,title,seniority,function,created_at
            EB,eb@acme-logistics.com,300,Software,United States,VP Sales,vp,Sales,2026-09-01T00:00:00Z
            TE,te@acme-logistics.com,300,Software,United States,Director of IT,director,IT,2026-09-02T00:00:00Z
            CH,ch@acme-logistics.com,300,Software,United States,Marketing Manager,manager,Marketing,2026-10-15T00:00:00Z
            GM,someone@gmail.com,300,Software,United States,VP Sales,vp,Sales,2026-09-01T00:00:00Z
            BF,bf@beta-freight.com,300,Software,United States,VP Sales,vp,Sales,2026-09-01T00:00:00Z

            """);
        File.WriteAllText(Path.Combine(folder, "signals.csv"), """
            lead_id,type,occurred_at
            EB,webinar_attended,2026-09-25T00:00:00Z
            TE,comparison_page_view,2026-09-26T00:00:00Z
            CH,webinar_attended,2026-10-20T00:00:00Z
            BF,webinar_attended,2026-09-20T00:00:00Z

            """);
        File.WriteAllText(Path.Combine(folder, "deals.csv"), """
            lead_id,outcome,created_at,closed_at
            EB,won,2026-10-01T00:00:00Z,2026-11-10T00:00:00Z
            GM,lost,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z
            BF,lost,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z

            """);
        var rules = data.RulesCopy("pit-accounts");

        var atCreation = data.Replay(rules, rules, data: folder, level: ReplayLevel.Account);
        var beforeClose = data.Replay(rules, rules, asOf: "close-minus:5d", data: folder, level: ReplayLevel.Account);

        atCreation.Code.ShouldBe(0, atCreation.Error);
        atCreation.Report.GetProperty("deals").GetInt32().ShouldBe(2, "acme won and beta-freight lost (there to have something to compare)");
        atCreation.Report.GetProperty("no_account").GetInt32().ShouldBe(1, "the gmail.com lead's deal belongs to no account");
        var early = File.ReadAllLines(Path.Combine(atCreation.OutDirectory, "accounts.csv"))[1].Split(',');
        early[0].ShouldBe("acme-logistics.com");
        early[7].ShouldBe("2", "CH was created after the deal: not a contact yet");
        var late = File.ReadAllLines(Path.Combine(beforeClose.OutDirectory, "accounts.csv"))[1].Split(',');
        late[7].ShouldBe("3");
    }

    [Fact]
    public void ReplayAccounts_RulesWithoutAnAccountModel_ExitTwoNamingTheSide()
    {
        var head = data.RulesCopy("accounts-none");
        File.Delete(Path.Combine(head, "account.json"));
        var model = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(head, "model.json")))!.AsObject();
        model.Remove("accounts");
        File.WriteAllText(Path.Combine(head, "model.json"), model.ToJsonString());
        var @base = data.RulesCopy("accounts-some");

        var (code, _, error, _, _) = data.Replay(@base, head, level: ReplayLevel.Account);

        code.ShouldBe(2);
        error.ShouldContain("the head rules");
        error.ShouldContain("no account model");
    }

    /// <summary>The accounts the replay should hold, counted straight from the imported data: closed deals' leads grouped by account key.</summary>
    private (List<string> Accounts, int NoAccount) DirectCount(string rules)
    {
        var scorer = new AccountScorer(RuleSetLoader.Load(rules));
        var path = Path.Combine(data.Folder, "direct-" + Guid.NewGuid().ToString("N") + ".db");
        using var db = ScoreDatabase.Open(path, FixedClock.Create());
        var importer = new Importer(db);
        foreach (var (kind, file) in new[] { (ImportKind.Leads, "leads.csv"), (ImportKind.Deals, "deals.csv") })
        {
            importer.Import(Path.Combine(data.DataDirectory, file), new ImportOptions(kind), _ => { }).Counts.Rejected.ShouldBe(0);
        }

        var closed = db.Outcomes.ClosedDeals().Select(d => d.LeadId).Distinct(StringComparer.Ordinal).ToList();
        var keys = db.Leads.GetMany(closed).Select(l => scorer.KeyOf(l.Lead)).ToList();
        return (keys.OfType<string>().Distinct(StringComparer.Ordinal).ToList(), keys.Count(k => k is null));
    }
}
