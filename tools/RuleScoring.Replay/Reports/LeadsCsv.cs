using System.Globalization;
using System.Text;
using RuleScoring.Core.Scoring;
using RuleScoring.Replay.Data;

namespace RuleScoring.Replay.Reports;

/// <summary>leads.csv: every replayed deal with both cards side by side (RFC 4180 quoting).</summary>
internal static class LeadsCsv
{
    public static void Write(string path, IReadOnlyList<ReplayedCase> cases)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("lead_id,outcome,as_of,segment,signals_left_out,base_composite,base_tier,base_fit,base_intent,base_behavior,base_reasons,head_composite,head_tier,head_fit,head_intent,head_behavior,head_reasons,tier_moved");
        foreach (var c in cases.OrderBy(c => c.Case.Lead.LeadId, StringComparer.Ordinal))
        {
            writer.WriteLine(string.Join(',',
                Csv.Quote(c.Case.Lead.LeadId), c.Case.Won ? "won" : "lost", c.Case.AsOf.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Csv.Quote(c.Case.Segment ?? ""), c.Case.SignalsLeftOut.ToString(CultureInfo.InvariantCulture),
                Card(c.Base), Card(c.Head), c.TierMoved ? "yes" : "no"));
        }
    }

    private static string Card(ScoreCard card) => string.Join(',',
        card.Composite.ToString("0.##", CultureInfo.InvariantCulture), Csv.Quote(card.Tier?.Tier ?? ""),
        card.Fit.Score.ToString("0.##", CultureInfo.InvariantCulture), card.Intent.Score.ToString("0.##", CultureInfo.InvariantCulture),
        card.Behavior.Score.ToString("0.##", CultureInfo.InvariantCulture),
        Csv.Quote(string.Join("; ", card.Reasons.Select(r => $"{r.Code}={r.Points.ToString("0.##", CultureInfo.InvariantCulture)}"))));
}
