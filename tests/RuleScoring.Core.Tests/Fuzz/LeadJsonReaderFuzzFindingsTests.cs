using RuleScoring.Core.Leads;

namespace RuleScoring.Core.Tests.Fuzz;

/// <summary>Inputs the lead JSON fuzz run found that the reader let through or got wrong, pinned one by one.</summary>
public sealed class LeadJsonReaderFuzzFindingsTests
{
    [Theory]
    [InlineData("{\"lead_id\": \"   \"}")]
    [InlineData("{\"lead_id\": \"\\t\\n\"}")]
    public void LeadJsonReader_LeadIdOfOnlySpaces_IsRejectedAsMissing(string json)
    {
        // It used to be accepted as a lead whose id is blank; the importer has always refused one.
        var record = LeadJsonReader.Read(json).ShouldHaveSingleItem();

        record.Lead.ShouldBeNull();
        record.Error.ShouldNotBeNull().ShouldContain("lead_id is missing or empty");
    }

    [Fact]
    public void LeadJsonReader_LeadIdWithSurroundingSpaces_IsTrimmedAsTheImporterDoes()
    {
        var record = LeadJsonReader.Read("{\"lead_id\": \"  L-7 \"}").ShouldHaveSingleItem();

        record.Lead.ShouldNotBeNull().LeadId.ShouldBe("L-7");
    }

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"-Infinity\"")]
    [InlineData("\"1e999\"")]
    public void LeadJsonReader_SignalValueNotFinite_IsRejectedAsNotANumber(string value)
    {
        var json = $$"""{"lead_id": "L-1", "signals": [{"type": "pricing_view", "occurred_at": "2026-11-20", "value": {{value}}}]}""";

        var record = LeadJsonReader.Read(json).ShouldHaveSingleItem();

        record.Lead.ShouldBeNull();
        record.Error.ShouldNotBeNull().ShouldContain("is not a number");
    }
}
