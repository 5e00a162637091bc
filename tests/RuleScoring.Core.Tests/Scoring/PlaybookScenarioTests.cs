using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>The playbook's promises about the default model in rules/, under both expression compilers.</summary>
public sealed class PlaybookScenarioTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HotVp_DemoYesterdayAndThreePricingViewsThisWeek_IsTierAWithDemoAndPricingReasons(bool fastCompiler)
    {
        var lead = Some.IdealCustomer()
            .Signal("demo_request", daysAgo: 1)
            .Signal("pricing_view", daysAgo: 2)
            .Signal("pricing_view", daysAgo: 4)
            .Signal("pricing_view", daysAgo: 6);

        var card = DefaultModel.Score(lead, fastCompiler);

        card.Tier.ShouldNotBeNull().Tier.ShouldBe("A");
        card.Tier.FollowUpBy.ShouldBe(Some.AsOf.AddMinutes(15));
        card.Tier.Mql.ShouldBeTrue();
        var codes = card.Reasons.Select(r => r.Code).ToArray();
        codes.ShouldContain("intent.demo_request");
        codes.ShouldContain("intent.pricing_deep");
        codes.ShouldNotContain("intent.pricing_single");
        card.Reasons[0].Code.ShouldBe("intent.demo_request", "the biggest driver comes first");
        card.Reasons.Single(r => r.Code == "intent.pricing_deep").EvidenceCount.ShouldBe(3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HotVp_SameEventsHundredDaysOld_DropsOutOfTierA(bool fastCompiler)
    {
        var lead = Some.IdealCustomer()
            .Signal("demo_request", daysAgo: 100)
            .Signal("pricing_view", daysAgo: 101)
            .Signal("pricing_view", daysAgo: 103)
            .Signal("pricing_view", daysAgo: 105);

        var card = DefaultModel.Score(lead, fastCompiler);

        card.Tier.ShouldNotBeNull().Tier.ShouldNotBe("A");
        card.Intent.Raw.ShouldBe(0);
        card.Reasons.ShouldNotContain(r => r.Dimension == "intent", "fully decayed intent explains nothing");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EduStudent_HeavyEngagement_IsTierD(bool fastCompiler)
    {
        var lead = Some.Lead("student")
            .With("email", "jo@stateu.edu")
            .With("employees", "8000")
            .With("country", "United States")
            .With("title", "Student")
            .Signal("webinar_attended", 2).Signal("ebook_download", 3).Signal("trial_activated", 4)
            .Signal("feature_used", 1, topic: "reports").Signal("feature_used", 2, topic: "api").Signal("feature_used", 3, topic: "sso")
            .Signals("blog_view", 6, daysAgo: 5).Signals("email_click", 4, daysAgo: 1)
            .Signal("demo_request", 1).Signals("pricing_view", 4, daysAgo: 2);

        var card = DefaultModel.Score(lead, fastCompiler);

        card.Behavior.Score.ShouldBeGreaterThan(90, "the engagement is real");
        card.Tier.ShouldNotBeNull().Tier.ShouldBe("D");
        card.Reasons.Select(r => r.Code).ShouldContain("fit.student_academic");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CompetitorDomain_WhateverItDoes_IsTierD(bool fastCompiler)
    {
        var lead = Some.IdealCustomer("competitor")
            .With("email", "analyst@eu.6sense.com")
            .With("tech_stack", "Salesforce;Marketo")
            .Signal("demo_request", 0).Signals("pricing_view", 5, daysAgo: 1).Signal("roi_calculator", 1).Signal("trial_signup", 1)
            .Signal("webinar_attended", 1).Signal("trial_activated", 1).Signal("usage_limit_reached", 1);

        var card = DefaultModel.Score(lead, fastCompiler);

        card.Disqualified.ShouldBeTrue();
        card.Tier.ShouldNotBeNull().Tier.ShouldBe("D");
        card.Tier.Mql.ShouldBeFalse();
        card.Reasons.ShouldContain(r => r.Code == "fit.competitor_domain" && r.Points == -100);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(40)]
    public void NewsletterOpensAndBlogViewsOnly_NeverReachATierAboveC(int opens)
    {
        var lead = Some.IdealCustomer("reader")
            .With("tech_stack", "Salesforce;Marketo")
            .Signals("newsletter_open", opens, daysAgo: 1)
            .Signals("blog_view", 25, daysAgo: 2);

        var card = DefaultModel.Score(lead);

        card.Fit.Score.ShouldBe(100, "a perfect fit, so only engagement decides");
        card.Tier.ShouldNotBeNull().Tier.ShouldBe("C");
    }

    [Fact]
    public void SingleClick_IsNotAHotLead()
    {
        var card = DefaultModel.Score(Some.IdealCustomer().Signal("email_click", 0));

        card.Tier.ShouldNotBeNull().Tier.ShouldBe("C");
    }

    [Fact]
    public void HighBehaviorAlone_WithoutFit_NeverQualifies()
    {
        var lead = Some.Lead("no-fit")
            .Signal("webinar_attended", 1).Signal("trial_activated", 1).Signal("usage_limit_reached", 1)
            .Signal("feature_used", 1, topic: "a").Signal("feature_used", 1, topic: "b").Signal("feature_used", 1, topic: "c");

        var card = DefaultModel.Score(lead);

        card.Behavior.Score.ShouldBe(100);
        card.Tier.ShouldNotBeNull().Tier.ShouldBe("D");
    }

    [Fact]
    public void PricingViews_OneOrTwoAreASingleVisit_ThreeInThirtyDaysAreAPattern()
    {
        DefaultModel.Score(Some.IdealCustomer().Signals("pricing_view", 2, daysAgo: 1)).Reasons
            .Select(r => r.Code).ShouldContain("intent.pricing_single");
        DefaultModel.Score(Some.IdealCustomer().Signals("pricing_view", 3, daysAgo: 1)).Reasons
            .Select(r => r.Code).ShouldContain("intent.pricing_deep");
        DefaultModel.Score(Some.IdealCustomer().Signals("pricing_view", 2, daysAgo: 1).Signal("pricing_view", 31)).Reasons
            .Select(r => r.Code).ShouldNotContain("intent.pricing_deep", "the third view is outside the 30-day window");
    }

    [Fact]
    public void FeatureUsed_CountsEachDistinctFeatureOnce_UpToThree()
    {
        var twoFeatures = Some.IdealCustomer()
            .Signal("feature_used", 1, topic: "reports").Signal("feature_used", 2, topic: "reports").Signal("feature_used", 3, topic: "api");
        var fiveFeatures = Some.IdealCustomer();
        foreach (var feature in new[] { "a", "b", "c", "d", "e" })
        {
            fiveFeatures.Signal("feature_used", 1, topic: feature);
        }

        DefaultModel.Score(twoFeatures).Reasons.Single(r => r.Code == "behavior.feature_used").Points.ShouldBe(30);
        DefaultModel.Score(fiveFeatures).Reasons.Single(r => r.Code == "behavior.feature_used").Points.ShouldBe(45);
    }

    [Fact]
    public void Disqualifiers_DoNotDecay()
    {
        var card = DefaultModel.Score(Some.IdealCustomer().Signal("unsubscribe", 400));

        card.Reasons.Single(r => r.Code == "fit.unsubscribed").Points.ShouldBe(-100);
        card.Tier.ShouldNotBeNull().Tier.ShouldBe("D");
    }

    [Fact]
    public void Motion_ChangesCompositeWeightsButNotDimensionScores()
    {
        var lead = Some.IdealCustomer().Signal("demo_request", 1).Signal("webinar_attended", 1).Build();
        var scorer = DefaultModel.Scorer();

        var inbound = scorer.Score(lead, Some.AsOf);
        var plg = scorer.Score(lead, Some.AsOf, "plg");

        inbound.Motion.ShouldBe("inbound");
        plg.Dimensions.Select(d => d.Score).ShouldBe(inbound.Dimensions.Select(d => d.Score));
        inbound.Composite.ShouldBe(Math.Round((inbound.Fit.Score * 50 + inbound.Intent.Score * 35 + inbound.Behavior.Score * 15) / 100, 1));
        plg.Composite.ShouldBe(Math.Round((plg.Fit.Score * 25 + plg.Intent.Score * 25 + plg.Behavior.Score * 50) / 100, 1));
    }

    [Fact]
    public void Motion_FromLeadAttribute_IsUsedWhenKnown()
    {
        DefaultModel.Score(Some.IdealCustomer().With("motion", "ABM")).Motion.ShouldBe("abm");
        DefaultModel.Score(Some.IdealCustomer().With("motion", "field-sales")).Motion.ShouldBe("inbound");
    }
}
