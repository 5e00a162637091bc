using System.Globalization;
using RuleScoring.Core.Decay;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Decay;

public sealed class DecayBoundaryTests
{
    // The playbook's behavior table, as shipped in rules/model.json: a live webinar is worth 20.
    [Theory]
    [InlineData(0, 20)]
    [InlineData(30, 20)]
    [InlineData(31, 15)]
    [InlineData(60, 15)]
    [InlineData(61, 10)]
    [InlineData(90, 10)]
    [InlineData(91, 5)]
    [InlineData(180, 5)]
    [InlineData(181, 0)]
    [InlineData(400, 0)]
    public void BehaviorSignal_AtAgeBoundary_KeepsThePlaybookShare(int ageDays, int expectedPoints)
    {
        // 23 hours past the whole day: age counts whole days, so day 30 at 30.96 days is still day 30.
        var card = DefaultModel.Score(Some.IdealCustomer().Signal("webinar_attended", ageDays, hours: 23));

        card.Behavior.Raw.ShouldBe(expectedPoints);
    }

    [Theory]
    [InlineData(7, 50)]
    [InlineData(8, 37.5)]
    [InlineData(14, 37.5)]
    [InlineData(15, 25)]
    [InlineData(30, 25)]
    [InlineData(31, 12.5)]
    [InlineData(60, 12.5)]
    [InlineData(61, 0)]
    public void IntentSignal_DecaysFasterThanBehavior(int ageDays, double expectedPoints)
    {
        var card = DefaultModel.Score(Some.IdealCustomer().Signal("demo_request", ageDays));

        card.Intent.Raw.ShouldBe((decimal)expectedPoints);
    }

    [Fact]
    public void FitRules_NeverDecay()
    {
        DefaultModel.RuleSet.Dimensions.Single(d => d.Name == "fit").Decay.MultiplierAt(10_000).ShouldBe(1);
    }

    [Fact]
    public void NextChangeAfter_IsTheFirstDayOfTheNextStep()
    {
        var profile = new DecayProfile("t", [new DecayStep(30, 1m), new DecayStep(60, 0.5m)], 0m);

        profile.NextChangeAfter(0).ShouldBe(31);
        profile.NextChangeAfter(31).ShouldBe(61);
        profile.NextChangeAfter(61).ShouldBeNull();
    }

    /// <summary>
    /// The next change is looked up per step, worked out when the profile is made: for every age it
    /// must be the first boundary at or past it where the multiplier differs, as a walk of the
    /// steps finds it, with steps that keep the same multiplier, share a day, or come unsorted.
    /// </summary>
    [Theory]
    [InlineData("30:1 60:0.5", "0")]
    [InlineData("7:1 14:1 30:0.5 31:0.5 90:0.25", "0")]
    [InlineData("60:0.5 30:1 30:0.75 90:0", "0")]
    [InlineData("10:1 20:1", "1")]
    [InlineData("0:1 1:0 2:1", "1")]
    public void NextChangeAfter_EveryAge_IsTheFirstBoundaryWhereTheMultiplierDiffers(string steps, string otherwise)
    {
        var parsed = steps.Split(' ').Select(s => s.Split(':'))
            .Select(p => new DecayStep(int.Parse(p[0], CultureInfo.InvariantCulture), decimal.Parse(p[1], CultureInfo.InvariantCulture))).ToArray();
        var profile = new DecayProfile("t", parsed, decimal.Parse(otherwise, CultureInfo.InvariantCulture));

        for (var age = 0; age <= 120; age++)
        {
            int? expected = null;
            for (var day = age + 1; day <= 200; day++)
            {
                if (profile.MultiplierAt(day) != profile.MultiplierAt(age))
                {
                    expected = day;
                    break;
                }
            }

            profile.NextChangeAfter(age).ShouldBe(expected, $"age {age}");
        }
    }

    [Fact]
    public void Card_NextChangeAt_IsWhenTheEarliestEvidenceCrossesABoundary()
    {
        var card = DefaultModel.Score(Some.IdealCustomer().Signal("webinar_attended", 10).Signal("demo_request", 3));

        // The demo (3 days old) drops from 100 % to 75 % at day 8: 5 days from now.
        card.NextChangeAt.ShouldBe(Some.AsOf.AddDays(5));
    }

    [Fact]
    public void GroupEvidence_DecaysByTheNewestPieceOfAnyTypeInTheGroup()
    {
        // Four bottom-of-funnel pieces in 30 days; the newest is the last type listed in the
        // group (integration docs, 2 days old), the first type listed (ROI calculator) is 20 days old.
        var card = DefaultModel.Score(Some.IdealCustomer()
            .Signal("roi_calculator", 20)
            .Signal("case_study_view", 18)
            .Signal("security_page_view", 16)
            .Signal("integration_docs_view", 2));

        var proxy = card.Reasons.Single(r => r.Code == "intent.bottom_of_funnel_content");
        proxy.EvidenceAgeDays.ShouldBe(2);
        proxy.Points.ShouldBe(proxy.FullPoints);
    }
}
