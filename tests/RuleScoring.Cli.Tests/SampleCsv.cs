using System.Globalization;
using System.Text;
using RuleScoring.Core.Leads;

namespace RuleScoring.Cli.Tests;

/// <summary>The bundled sample leads as the import contract's CSV files (leads.csv and signals.csv).</summary>
internal static class SampleCsv
{
    public static IReadOnlyList<Lead> Leads { get; } = LeadJsonReader.Read(File.ReadAllText(Repo.SampleLeads))
        .Select(r => r.Lead ?? throw new InvalidOperationException(r.Error))
        .ToArray();

    public static (string Leads, string Signals) Write(TempFolder dir)
    {
        var columns = Leads.SelectMany(l => l.Attributes.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
        var leads = new StringBuilder(Line(["lead_id", .. columns]));
        var signals = new StringBuilder(Line(["lead_id", "type", "occurred_at", "event_id", "topic", "value", "source"]));
        foreach (var lead in Leads)
        {
            leads.Append(Line([lead.LeadId, .. columns.Select(c => lead.Attributes.GetValueOrDefault(c) ?? "")]));
            foreach (var s in lead.Signals)
            {
                signals.Append(Line([lead.LeadId, s.Type, Timestamps.Format(s.OccurredAt), s.EventId ?? "", s.Topic ?? "",
                    s.Value?.ToString(CultureInfo.InvariantCulture) ?? "", s.Source ?? ""]));
            }
        }

        return (dir.Write("leads.csv", leads.ToString()), dir.Write("signals.csv", signals.ToString()));
    }

    private static string Line(IEnumerable<string> values) =>
        string.Join(',', values.Select(v => v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v)) + "\n";
}
