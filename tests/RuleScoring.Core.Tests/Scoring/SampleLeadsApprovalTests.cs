using System.Globalization;
using System.Text;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>
/// The bundled sample leads under the shipped rules, as text a reviewer can read in a diff.
/// A rules change that moves any score, tier or reason shows up here and must be approved.
/// </summary>
public sealed class SampleLeadsApprovalTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SampleLeads_UnderShippedRules_MatchTheApprovedCards(bool fastCompiler)
    {
        var path = Path.Combine(Repo.Root, "src", "RuleScoring.Cli", "Samples", "leads.jsonl");
        var text = new StringBuilder();
        foreach (var record in LeadJsonReader.Read(File.ReadAllText(path)))
        {
            var card = DefaultModel.Scorer(fastCompiler).Score(record.Lead.ShouldNotBeNull(), Some.AsOf);
            text.Append(CultureInfo.InvariantCulture,
                $"{card.LeadId} tier={card.Tier?.Tier} composite={card.Composite:0.0} fit={card.Fit.Score:0.0} intent={card.Intent.Score:0.0} behavior={card.Behavior.Score:0.0} motion={card.Motion}\n");
            foreach (var reason in card.Reasons.OrderBy(r => r.Code, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {reason.Code} {reason.Points:+0.##;-0.##} x{reason.EvidenceCount} | {reason.Text}\n");
            }
        }

        text.ToString().ShouldMatchApproved(c => c.NoDiff().WithFileExtension("txt").LocateTestMethodUsingAttribute<TheoryAttribute>());
    }
}
