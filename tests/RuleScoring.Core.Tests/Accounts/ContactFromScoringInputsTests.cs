using RuleScoring.Core.Accounts;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Accounts;

/// <summary>
/// A contact classified from what its card was scored from (the facts and signal set the lead
/// scorer built) is the contact classified from scratch; inputs of another time are not taken.
/// </summary>
public sealed class ContactFromScoringInputsTests
{
    [Fact]
    public void InputsOfTheCardsTime_GiveTheSameContacts_InputsOfAnotherTimeAreNotTaken()
    {
        var ruleSet = DefaultModel.RuleSet;
        var scorer = new LeadScorer(ruleSet);
        var accounts = new AccountScorer(ruleSet);
        var earlier = Some.AsOf.AddDays(-45);
        var leads = Some.Generated(2_000, seed: 41).Where(l => accounts.KeyOf(l) is not null).ToList();
        leads.Count.ShouldBeGreaterThan(500);
        var differByTime = 0;
        foreach (var lead in leads)
        {
            var card = scorer.Score(lead, Some.AsOf, out var inputs);
            var earlierCard = scorer.Score(lead, earlier, out var earlierInputs);

            Shape(accounts.Contact(lead, card, inputs)).ShouldBe(Shape(accounts.Contact(lead, card)), lead.LeadId);
            Shape(accounts.Contact(lead, earlierCard, earlierInputs)).ShouldBe(Shape(accounts.Contact(lead, earlierCard)), lead.LeadId);
            // The later signal set for the earlier card: classified from scratch instead.
            Shape(accounts.Contact(lead, earlierCard, inputs)).ShouldBe(Shape(accounts.Contact(lead, earlierCard)), lead.LeadId);
            // Another lead's inputs are not taken either.
            Shape(accounts.Contact(lead, card, scorer.Score(leads[0] == lead ? leads[1] : leads[0], Some.AsOf, out var other) is { } ? other : null))
                .ShouldBe(Shape(accounts.Contact(lead, card)), lead.LeadId);

            if (Shape(accounts.Contact(lead, earlierCard)).Engaged != Shape(accounts.Contact(lead, card)).Engaged)
            {
                differByTime++;
            }
        }

        // Else taking the wrong time's inputs could not show.
        differByTime.ShouldBeGreaterThan(20);
    }

    private static (string? Role, bool Engaged, bool Researching, string Errors) Shape(AccountContact contact) =>
        (contact.Role, contact.Engaged, contact.Researching, string.Join("; ", contact.Errors));
}
