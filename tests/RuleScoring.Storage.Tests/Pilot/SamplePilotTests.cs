using RuleScoring.Core.Pilot;
using RuleScoring.SampleData;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Pilot;

public sealed class SamplePilotTests
{
    [Fact]
    public void Generate_WithPilot_ChangesOnlyPilotLeads_AndWorksThemNoLater()
    {
        var plain = SampleGenerator.Generate(new SampleOptions(1500, 4, TempDb.Now)).ToList();
        var piloted = SampleGenerator.Generate(new SampleOptions(1500, 4, TempDb.Now, Pilot: new SamplePilot(0.5, 9))).ToList();

        var changed = 0;
        for (var i = 0; i < plain.Count; i++)
        {
            var (a, b) = (plain[i], piloted[i]);
            b.Lead.LeadId.ShouldBe(a.Lead.LeadId);
            b.Lead.Signals.ShouldBe(a.Lead.Signals, "the pilot changes what sales did, not what the lead did");
            if (PilotGroups.GroupOf(a.Lead.LeadId, 9, 0.5) == PilotGroups.Control)
            {
                b.Deal.ShouldBe(a.Deal);
                b.Disposition.ShouldBe(a.Disposition);
                continue;
            }

            (b.Disposition is null).ShouldBe(a.Disposition is null);
            if (a.Disposition is { } before && b.Disposition is { } after)
            {
                after.At.ShouldBeLessThanOrEqualTo(before.At);
                after.At.ShouldBeGreaterThanOrEqualTo(a.CreatedAt);
                changed += after.At < before.At || after.Status != before.Status ? 1 : 0;
            }
        }

        changed.ShouldBeGreaterThan(50);
    }
}
