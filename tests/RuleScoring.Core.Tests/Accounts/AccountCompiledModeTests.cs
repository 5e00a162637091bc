using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Accounts;

/// <summary>
/// The account scorer's compiled workflows (each rule a delegate, as the lead scorer's) against
/// the reference (RulesEngine's ExecuteAllRulesAsync): the same contacts and the same account
/// cards, byte for byte, on generated leads, and the same errors where an account rule throws.
/// </summary>
public sealed class AccountCompiledModeTests
{
    [Fact]
    public void NewScorer_CompilesByDefault_AndReferenceIsTheEngine()
    {
        new AccountScorer(DefaultModel.RuleSet).Mode.ShouldBe(LeadScorerMode.Compiled);
        new AccountScorer(DefaultModel.RuleSet, mode: LeadScorerMode.Reference).Mode.ShouldBe(LeadScorerMode.Reference);
    }

    [Fact]
    public void GeneratedLeads_UnderShippedRules_CompiledAccountsAreTheReferenceAccounts()
    {
        var cards = RollUpBothWays(DefaultModel.RuleSet, Some.Generated(3_000, seed: 12));

        cards.Select(c => c.Tier?.Tier).Distinct().Count().ShouldBeGreaterThan(2, "the accounts must reach several tiers to prove anything");
        cards.ShouldContain(c => c.Contacts.Count >= 3);
        cards.ShouldContain(c => c.RolesEngaged.Count > 0);
        cards.ShouldAllBe(c => c.Errors.Count == 0);
    }

    [Fact]
    public void AccountRuleThatThrows_CarriesTheSameErrorsOnTheSameAccounts()
    {
        // Divides by zero on accounts with an even number of contacts.
        using var rules = new RulesCopy()
            .EditJson("account.json", w => RulesCopy.Rule(w, "account.best_fit")["Expression"] = "account.BestFit >= 40 and 1000 / (account.Contacts % 2) > 0");

        var cards = RollUpBothWays(RuleSetLoader.Load(rules.Directory), Some.Generated(1_500, seed: 13));

        cards.ShouldContain(c => c.Errors.Any(e => e.StartsWith("account.best_fit: ", StringComparison.Ordinal)));
        cards.ShouldContain(c => c.Errors.Count == 0);
    }

    /// <summary>Scores the leads, rolls them up by account with both scorers; fails on the first contact or card that differs. Returns the compiled cards.</summary>
    private static List<AccountCard> RollUpBothWays(RuleSet ruleSet, IReadOnlyList<Lead> leads)
    {
        var scorer = new LeadScorer(ruleSet);
        var compiled = new AccountScorer(ruleSet);
        var reference = new AccountScorer(ruleSet, mode: LeadScorerMode.Reference);
        var byAccount = leads.Select(l => (Lead: l, Key: compiled.KeyOf(l))).Where(x => x.Key is not null).GroupBy(x => x.Key!).ToList();
        byAccount.Count.ShouldBeGreaterThan(10);
        var cards = new List<AccountCard>();
        foreach (var account in byAccount)
        {
            var fromCompiled = new List<AccountContact>();
            var fromReference = new List<AccountContact>();
            foreach (var (lead, _) in account)
            {
                var card = scorer.Score(lead, Some.AsOf);
                fromCompiled.Add(compiled.Contact(lead, card));
                fromReference.Add(reference.Contact(lead, card));
                fromCompiled[^1].Errors.ShouldBe(fromReference[^1].Errors, lead.LeadId);
            }

            var mine = compiled.Score(account.Key, fromCompiled, Some.AsOf);
            AccountCardJson.Serialize(mine).ShouldBe(AccountCardJson.Serialize(reference.Score(account.Key, fromReference, Some.AsOf)), account.Key);
            cards.Add(mine);
        }

        return cards;
    }
}
