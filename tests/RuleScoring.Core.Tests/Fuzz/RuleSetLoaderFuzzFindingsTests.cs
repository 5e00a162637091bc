using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Fuzz;

/// <summary>Inputs the rules fuzz run found that crashed the loader, pinned one by one.</summary>
public sealed class RuleSetLoaderFuzzFindingsTests
{
    [Theory]
    [InlineData("tiers.json", "\"WorkflowName\": \"tiers\",", "WorkflowName")]
    [InlineData("model.json", "\"version\": ", "version")]
    [InlineData("fit.json", "\"Expression\": ", "Expression")]
    public void RuleSetLoader_PropertyRepeatedInAFile_IsAnErrorOnThatFileAndLine(string file, string first, string property)
    {
        // A repeated property used to pass the typed read (last one wins) and then throw
        // ArgumentException out of the content hash, which holds the file as a JsonObject.
        using var rules = new RulesCopy().Edit(file, text =>
        {
            var at = text.IndexOf(first, StringComparison.Ordinal);
            var line = text[at..text.IndexOf('\n', at)].TrimEnd(',');
            return text.Insert(at, line + ",\n    ");
        });

        var result = RuleSetLoader.Validate(rules.Directory);

        result.IsValid.ShouldBeFalse();
        var problem = result.Errors.ShouldHaveSingleItem();
        problem.File.ShouldBe(file);
        problem.Message.ShouldContain(property);
        problem.Line.ShouldNotBeNull().ShouldBeGreaterThan(1);
        Should.Throw<RuleSetException>(() => RuleSetLoader.Load(rules.Directory)).Message.ShouldContain(file);
    }
}
