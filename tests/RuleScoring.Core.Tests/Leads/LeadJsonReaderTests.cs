using RuleScoring.Core.Leads;

namespace RuleScoring.Core.Tests.Leads;

public sealed class LeadJsonReaderTests
{
    [Fact]
    public void Jsonl_ReadsOneLeadPerLine_AndABadLineCostsOnlyThatLead()
    {
        var text = """
            {"lead_id": "a", "attributes": {"employees": 300, "tech_stack": ["Salesforce", "Marketo"]}, "signals": [{"type": "demo_request", "occurred_at": "2026-11-19"}]}
            {"lead_id": "b", "signals": [{"type": "pricing_view", "occurred_at": "19/11/2026"}]}

            {"lead_id": "c"
            {"lead_id": "d", "attributes": null}
            """;

        var records = LeadJsonReader.Read(text);

        records.Count.ShouldBe(4);
        var a = records[0].Lead.ShouldNotBeNull();
        a.Attributes["employees"].ShouldBe("300");
        a.Attributes["tech_stack"].ShouldBe("Salesforce;Marketo");
        a.Signals.ShouldHaveSingleItem().OccurredAt.ShouldBe(new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero), "a bare date is 00:00 UTC");
        records[1].Line.ShouldBe(2);
        records[1].Error.ShouldNotBeNull().ShouldContain("occurred_at \"19/11/2026\"");
        records[1].Error!.ShouldContain("lead b");
        records[2].Line.ShouldBe(4);
        records[2].Error.ShouldNotBeNull().ShouldContain("invalid JSON");
        records[3].Lead.ShouldNotBeNull().LeadId.ShouldBe("d");
    }

    [Fact]
    public void PrettyPrintedObject_IsOneLead()
    {
        var text = """
            {
              "lead_id": 1001,
              "attributes": { "country": "US" },
              "signals": [ { "type": "topic_surge", "occurred_at": "2026-11-01T10:00:00+02:00", "value": "78", "topic": "Lead Scoring" } ]
            }
            """;

        var lead = LeadJsonReader.Read(text).ShouldHaveSingleItem().Lead.ShouldNotBeNull();

        lead.LeadId.ShouldBe("1001");
        var signal = lead.Signals.ShouldHaveSingleItem();
        signal.Value.ShouldBe(78);
        signal.OccurredAt.ShouldBe(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Array_ReadsEveryElement()
    {
        LeadJsonReader.Read("""[{"lead_id": "a"}, {"lead_id": "b"}]""").Select(r => r.Lead!.LeadId).ShouldBe(["a", "b"]);
    }

    [Theory]
    [InlineData("""{"attributes": {}}""", "lead_id is missing")]
    [InlineData("""{"lead_id": "x", "employees": 5}""", "unknown field 'employees'")]
    [InlineData("""{"lead_id": "x", "signals": [{"occurred_at": "2026-01-01"}]}""", "type is missing")]
    [InlineData("""{"lead_id": "x", "signals": [{"type": "t", "occurred_at": "2026-01-01", "when": 1}]}""", "unknown field 'when'")]
    [InlineData("""{"lead_id": "x", "signals": [{"type": "t", "occurred_at": "2026-01-01", "value": "high"}]}""", "value \"high\" is not a number")]
    public void BadRecord_SaysWhatIsWrong(string json, string expected)
    {
        LeadJsonReader.Read(json).ShouldHaveSingleItem().Error.ShouldNotBeNull().ShouldContain(expected);
    }
}
