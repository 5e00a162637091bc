using System.Globalization;
using System.Text;
using RuleScoring.Core.Csv;
using RuleScoring.Replay.Data;

namespace RuleScoring.Replay.Reports;

/// <summary>
/// leads.csv (accounts.csv at account level): every replayed deal with both versions' scores
/// side by side, written by <see cref="CsvWriter"/> (RFC 4180 quoting, text that could be a formula prefixed with '): the score, tier, its parts (dimensions, or an account's
/// contacts and committee roles) and the rules that fired.
/// </summary>
internal static class LeadsCsv
{
    public static string FileName(ReplayLevel level) => level == ReplayLevel.Account ? "accounts.csv" : "leads.csv";

    public static void Write(string path, IReadOnlyList<ReplayedCase> cases, ReplayLevel level = ReplayLevel.Lead)
    {
        using var csv = new CsvWriter(new StreamWriter(path, false, new UTF8Encoding(false)));
        var (id, score) = level == ReplayLevel.Account ? ("account", "score") : ("lead_id", "composite");
        var parts = cases.Count == 0 ? [] : cases[0].Base.Parts.Select(p => p.Key).ToList();
        IEnumerable<string> Header(string side) => new[] { $"{side}_{score}", $"{side}_tier" }.Concat(parts.Select(p => $"{side}_{p}")).Append($"{side}_reasons");
        csv.WriteRecord([id, "outcome", "as_of", "segment", "signals_left_out", .. Header("base"), .. Header("head"), "tier_moved"]);
        foreach (var c in cases.OrderBy(c => c.Case.Id, StringComparer.Ordinal))
        {
            csv.WriteRecord([
                c.Case.Id, c.Case.Won ? "won" : "lost", c.Case.AsOf.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                c.Case.Segment ?? "", c.Case.SignalsLeftOut.ToString(CultureInfo.InvariantCulture),
                .. Score(c.Base, parts), .. Score(c.Head, parts), c.TierMoved ? "yes" : "no"]);
        }
    }

    private static IEnumerable<string> Score(ReplayScore s, List<string> parts) =>
        new[] { N(s.Score), s.Tier == "-" ? "" : s.Tier }
            .Concat(parts.Select(p => s.Parts.FirstOrDefault(x => x.Key == p) is { Key: not null } part ? N(part.Value) : ""))
            .Append(string.Join("; ", s.Reasons.Select(r => $"{r.Code}={N(r.Points)}")));

    private static string N(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
