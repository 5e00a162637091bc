using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema.Validation;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Schema;

/// <summary>The done-when: the editor flags the two mistakes ops people make most, on the rule where they made them.</summary>
public sealed class SchemaCatchesTyposTests
{
    [Fact]
    public void Propertes_IsFlaggedAsAnUnknownPropertyOfThatRule()
    {
        var fit = Shipped("fit.json");
        var rule = RulesCopy.Rule(fit, "fit.target_industry");
        rule["Propertes"] = rule["Properties"]!.DeepClone();
        rule.Remove("Properties");

        var errors = RuleSchemas.Named("workflow.schema.json").Validate(fit.ToJsonString(Indented)).SelectMany(Flatten).ToList();

        errors.ShouldContain(e => e.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && e.Property == "Propertes");
        errors.ShouldContain(e => e.Kind == ValidationErrorKind.PropertyRequired && e.Property == "Properties");
        errors.ShouldAllBe(e => e.Path!.StartsWith("#/Rules[5]", StringComparison.Ordinal));
    }

    [Fact]
    public void PointsAsAString_IsFlaggedAsNotANumber()
    {
        var intent = Shipped("intent.json");
        RulesCopy.Rule(intent, "intent.pricing_deep")["Properties"]!["points"] = "35";

        var errors = RuleSchemas.Named("workflow.schema.json").Validate(intent.ToJsonString(Indented)).SelectMany(Flatten).ToList();

        var error = errors.ShouldHaveSingleItem();
        error.Kind.ShouldBe(ValidationErrorKind.NumberExpected);
        error.Path.ShouldBe("#/Rules[1].Properties.points");
        error.LineNumber.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void ShippedRule_WithNeitherTypo_HasNoErrors()
    {
        RuleSchemas.Named("workflow.schema.json").Validate(File.ReadAllText(Path.Combine(Repo.Rules, "intent.json"))).ShouldBeEmpty();
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static JsonNode Shipped(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Rules, file)))!;

    private static IEnumerable<ValidationError> Flatten(ValidationError error) =>
        error is ChildSchemaValidationError child
            ? child.Errors.SelectMany(e => e.Value).SelectMany(Flatten)
            : [error];
}
