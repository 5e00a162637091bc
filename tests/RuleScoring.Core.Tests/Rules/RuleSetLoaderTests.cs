using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Rules;

public sealed class RuleSetLoaderTests
{
    [Fact]
    public void ShippedRules_LoadWithoutProblems()
    {
        var result = RuleSetLoader.Validate(Repo.Rules);

        result.Problems.ShouldBeEmpty(string.Join(Environment.NewLine, result.Problems));
        result.RuleSet.ShouldNotBeNull().ScoringRules.Count().ShouldBeGreaterThan(35);
    }

    [Fact]
    public void Bands_DefaultAsToday_EdgesOrQuantileFromModelJson()
    {
        RuleSetLoader.Load(Repo.Rules).Bands.ShouldBe(CompositeBandSetting.Default);
        using var edges = new RulesCopy().EditJson("model.json", m => m["bands"] = new JsonArray(20, 30, 40));
        RuleSetLoader.Load(edges.Directory).Bands.Edges.ShouldBe([20m, 30m, 40m]);
        using var quantile = new RulesCopy().EditJson("model.json", m => m["bands"] = "quantile");
        RuleSetLoader.Load(quantile.Directory).Bands.Quantile.ShouldBeTrue();
    }

    [Theory]
    [InlineData("[40, 30]")]
    [InlineData("[]")]
    [InlineData("[20, 120]")]
    [InlineData("\"deciles\"")]
    public void Bands_NotAscendingScoresNorQuantile_IsAnErrorWithFileAndLine(string bands)
    {
        using var rules = new RulesCopy().EditJson("model.json", m => m["bands"] = JsonNode.Parse(bands));

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.File.ShouldBe("model.json");
        problem.Line.ShouldNotBeNull().ShouldBeGreaterThan(1);
        problem.Message.ShouldStartWith("bands");
    }

    [Fact]
    public void BadJson_IsReportedWithFileAndLine()
    {
        using var rules = new RulesCopy().Edit("intent.json", t => t.Replace("\"points\": 50,", "\"points\": 50,,", StringComparison.Ordinal));

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.File.ShouldBe("intent.json");
        problem.Line.ShouldNotBeNull().ShouldBeGreaterThan(1);
    }

    [Fact]
    public void MisspeltProperties_IsAnUnknownPropertyOnThatRule()
    {
        using var rules = new RulesCopy().EditJson("fit.json", w =>
        {
            var rule = RulesCopy.Rule(w, "fit.target_industry");
            rule["Propertes"] = rule["Properties"]!.DeepClone();
            rule.Remove("Properties");
        });

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.File.ShouldBe("fit.json");
        problem.Rule.ShouldBe("fit.target_industry");
        problem.Message.ShouldContain("Propertes");
        problem.Line.ShouldNotBeNull();
    }

    [Fact]
    public void UnknownPropertyInsideProperties_IsReported()
    {
        using var rules = new RulesCopy().EditJson("intent.json", w => RulesCopy.Rule(w, "intent.roi_calculator")["Properties"]!["pionts"] = 5);

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.Rule.ShouldBe("intent.roi_calculator");
        problem.Message.ShouldContain("pionts");
    }

    [Fact]
    public void MissingPoints_IsReportedOnThatRule()
    {
        using var rules = new RulesCopy().EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.ebook_download")["Properties"]!.AsObject().Remove("points"));

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.File.ShouldBe("behavior.json");
        problem.Rule.ShouldBe("behavior.ebook_download");
        problem.Message.ShouldContain("points");
    }

    [Fact]
    public void ExpressionTypo_NeverScoresAsSilentlyFalse()
    {
        using var rules = new RulesCopy().EditJson("intent.json", w => RulesCopy.Rule(w, "intent.trial_signup")["Expression"] = "signals.Anyy(\"trial_signup\")");

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.Rule.ShouldBe("intent.trial_signup");
        problem.Message.ShouldContain("Anyy");
        Should.Throw<RuleSetException>(() => RuleSetLoader.Load(rules.Directory)).Message.ShouldContain("intent.trial_signup");
    }

    [Fact]
    public void MisspeltSignalType_IsCaughtAgainstTheCatalogue()
    {
        using var rules = new RulesCopy().EditJson("intent.json", w => RulesCopy.Rule(w, "intent.pricing_deep")["Expression"] = "signals.Count(\"pricing_veiw\", 30) >= 3");

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.Rule.ShouldBe("intent.pricing_deep");
        problem.Message.ShouldContain("pricing_veiw");
    }

    [Fact]
    public void DuplicateRuleName_IsReportedWithBothFiles()
    {
        using var rules = new RulesCopy().EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.ebook_download")["RuleName"] = "intent.demo_request");

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.File.ShouldBe("behavior.json");
        problem.Rule.ShouldBe("intent.demo_request");
        problem.Message.ShouldContain("intent.json");
    }

    [Fact]
    public void UndefinedDecayProfileAndList_AreReported()
    {
        using var rules = new RulesCopy()
            .EditJson("behavior.json", w => RulesCopy.Rule(w, "behavior.ebook_download")["Properties"]!["decay"] = "glacial")
            .EditJson("fit.json", w => RulesCopy.Rule(w, "fit.served_geography")["Expression"] = "lists.Contains(\"served_countrys\", lead.Country)");

        var errors = RuleSetLoader.Validate(rules.Directory).Errors.ToArray();

        errors.Length.ShouldBe(2, "every problem at once");
        errors.ShouldContain(p => p.Rule == "behavior.ebook_download" && p.Message.Contains("glacial"));
        errors.ShouldContain(p => p.Rule == "fit.served_geography" && p.Message.Contains("served_countrys"));
    }

    [Theory]
    [InlineData("lead.GetType().Assembly.FullName != \"\"", "GetType")]
    [InlineData("signals.Events.Count() > 0 and DateTime.Now.Year > 2000", "DateTime.Now")]
    [InlineData("Enumerable.Range(0, 30000000).Count() > 0", "Range")]
    public void DangerousExpression_IsRejectedNamingTheRule(string expression, string named)
    {
        using var rules = new RulesCopy().EditJson("fit.json", w => RulesCopy.Rule(w, "fit.partner_tech")["Expression"] = expression);

        var errors = RuleSetLoader.Validate(rules.Directory).Errors.ToArray();

        errors.ShouldNotBeEmpty();
        errors.ShouldAllBe(p => p.Rule == "fit.partner_tech");
        string.Join(" ", errors.Select(e => e.Message)).ShouldContain(named);
    }

    [Fact]
    public void MotionWeights_MustAddUpTo100()
    {
        using var rules = new RulesCopy().EditJson("model.json", m => m["motions"]!["abm"]!["intent"] = 70);

        RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem().Message.ShouldContain("add up to 100");
    }

    [Fact]
    public void Hash_IgnoresWhitespaceOnlyEdits()
    {
        using var rules = new RulesCopy().Edit("intent.json", t => t.Replace("\n", "\n  ", StringComparison.Ordinal) + "\n\n");

        RuleSetLoader.Load(rules.Directory).Identity.Hash.ShouldBe(DefaultModel.RuleSet.Identity.Hash);
    }

    [Theory]
    [InlineData("model.json")]
    [InlineData("fit.json")]
    [InlineData("intent.json")]
    [InlineData("behavior.json")]
    [InlineData("tiers.json")]
    public void Hash_ChangesWhenAnyRuleFileChanges(string file)
    {
        using var rules = new RulesCopy().EditJson(file, node =>
        {
            if (file == "model.json")
            {
                node["description"] = "edited";
            }
            else
            {
                node["Description"] = "edited";
            }
        });

        var edited = RuleSetLoader.Load(rules.Directory);

        edited.Identity.Hash.ShouldNotBe(DefaultModel.RuleSet.Identity.Hash);
        edited.Identity.Version.ShouldBe(DefaultModel.RuleSet.Identity.Version);
    }

    [Fact]
    public void Hash_ChangesWithAWeight()
    {
        using var rules = new RulesCopy().EditJson("intent.json", w => RulesCopy.Rule(w, "intent.demo_request")["Properties"]!["points"] = 45);

        RuleSetLoader.Load(rules.Directory).Identity.Hash.ShouldNotBe(DefaultModel.RuleSet.Identity.Hash);
    }

    [Fact]
    public void MissingFile_IsReported()
    {
        using var rules = new RulesCopy();
        File.Delete(Path.Combine(rules.Directory, "tiers.json"));

        RuleSetLoader.Validate(rules.Directory).Errors.ShouldContain(p => p.File == "tiers.json" && p.Message.Contains("not found"));
    }

    [Fact]
    public void Hash_IgnoresTheSchemaPointer()
    {
        string[] files = [RuleSetLoader.ModelFile, .. RuleSetLoader.DimensionNames.Select(d => d + ".json"), RuleSetLoader.TiersFile];
        using var without = new RulesCopy();
        using var moved = new RulesCopy();
        foreach (var file in files)
        {
            without.EditJson(file, n => n.AsObject().Remove("$schema").ShouldBeTrue(file));
            moved.EditJson(file, n => n["$schema"] = "../../shared/schema/" + file);
        }

        RuleSetLoader.Load(without.Directory).Identity.Hash.ShouldBe(DefaultModel.RuleSet.Identity.Hash);
        RuleSetLoader.Load(moved.Directory).Identity.Hash.ShouldBe(DefaultModel.RuleSet.Identity.Hash);
    }

    [Fact]
    public void Hash_ChangesWithARuleDescription()
    {
        using var rules = new RulesCopy().EditJson("fit.json", w => RulesCopy.Rule(w, "fit.size_core")["Description"] = "Our best-converting band in the 2025 replay");

        var edited = RuleSetLoader.Load(rules.Directory);

        edited.Identity.Hash.ShouldNotBe(DefaultModel.RuleSet.Identity.Hash);
        edited.ScoringRules.Select(r => r.Name).ShouldBe(DefaultModel.RuleSet.ScoringRules.Select(r => r.Name));
    }

    [Fact]
    public void Null_IsReportedWithItsPathLineAndRule()
    {
        using var rules = new RulesCopy().EditJson("intent.json", w => RulesCopy.Rule(w, "intent.pricing_deep")["Properties"]!["decay"] = null);
        var lines = File.ReadAllLines(Path.Combine(rules.Directory, "intent.json"));

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.File.ShouldBe("intent.json");
        problem.Rule.ShouldBe("intent.pricing_deep");
        problem.Message.ShouldStartWith("Rules[1].Properties.decay is null");
        lines[problem.Line.ShouldNotBeNull() - 1].ShouldContain("\"decay\": null");
    }

    [Fact]
    public void NullInsideAList_IsAnErrorRatherThanACrash()
    {
        var entries = DefaultModel.RuleSet.Lists.Entries["served_countries"].Count;
        using var rules = new RulesCopy().EditJson("model.json", m => m["lists"]!["served_countries"]!.AsArray().Add(null));

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.File.ShouldBe("model.json");
        problem.Message.ShouldStartWith($"lists.served_countries[{entries}] is null");
    }

    [Fact]
    public void SlaTooLongForATime_IsAnErrorRatherThanACrash()
    {
        using var rules = new RulesCopy().EditJson("tiers.json", w => RulesCopy.Rule(w, "tier.B")["Properties"]!["sla"] = "99999999999h");

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.Rule.ShouldBe("tier.B");
        problem.Message.ShouldContain("up to 5 digits");
    }

    [Fact]
    public void EmptySignalType_IsReported()
    {
        using var rules = new RulesCopy().EditJson("model.json", m => m["signals"]![""] = new JsonObject { ["description"] = "nothing" });

        RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem().Message.ShouldContain("signal type ''");
    }

    [Fact]
    public void RuleNameRepeatedInOneFile_IsReportedOnTheRepeat()
    {
        // The line used to be the first text match of the name, which is the rule that is fine.
        using var rules = new RulesCopy().EditJson("fit.json", w => w["Rules"]!.AsArray().Add(RulesCopy.Rule(w, "fit.size_small").DeepClone()));

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.Message.ShouldStartWith("duplicate RuleName");
        var lines = File.ReadAllLines(Path.Combine(rules.Directory, "fit.json"));
        lines[problem.Line.ShouldNotBeNull() - 1].ShouldContain("\"fit.size_small\"");
        problem.Line.Value.ShouldBeGreaterThan(Array.FindIndex(lines, l => l.Contains("\"fit.size_small\"", StringComparison.Ordinal)) + 1);
    }

    [Fact]
    public void DecayProfileNamedLikeADimension_IsReportedOnTheProfile()
    {
        // "intent" is a dimension before it is a decay profile: the first text match was the dimension's line.
        using var rules = new RulesCopy().EditJson("model.json", m => m["decayProfiles"]!["intent"]!["otherwise"] = 2);

        var problem = RuleSetLoader.Validate(rules.Directory).Errors.ShouldHaveSingleItem();

        problem.Message.ShouldBe("decay profile 'intent': multipliers must be between 0 and 1");
        var lines = File.ReadAllLines(Path.Combine(rules.Directory, "model.json"));
        var profiles = Array.FindIndex(lines, l => l.Contains("\"decayProfiles\"", StringComparison.Ordinal)) + 1;
        problem.Line.ShouldNotBeNull().ShouldBeGreaterThan(profiles);
        lines[problem.Line.Value - 1].ShouldContain("\"intent\"");
    }
}
