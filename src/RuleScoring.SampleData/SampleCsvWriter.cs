using System.Globalization;
using System.Text;
using RuleScoring.Core.Csv;

namespace RuleScoring.SampleData;

/// <summary>How many rows of each kind a write produced.</summary>
public sealed record SampleCounts(long Leads, long Signals, long Deals, long Dispositions);

/// <summary>
/// Writes generated leads as the CSV files of the data contract (DESIGN.md, "Data in and out"):
/// leads.csv, signals.csv, deals.csv and dispositions.csv, UTF-8, RFC 4180 quoting and formula neutralisation (<see cref="CsvWriter"/>), ISO 8601
/// UTC timestamps. Streams: nothing but the current lead is held in memory.
/// </summary>
public static class SampleCsvWriter
{
    public const string LeadsFile = "leads.csv";
    public const string SignalsFile = "signals.csv";
    public const string DealsFile = "deals.csv";
    public const string DispositionsFile = "dispositions.csv";

    private static readonly string[] LeadColumns =
        ["lead_id", "email", "company", "employees", "industry", "country", "title", "seniority", "function", "tech_stack", "lifecycle_stage", "created_at"];

    public static SampleCounts Write(string directory, IEnumerable<SampleLead> leads, Action<long>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(leads);
        Directory.CreateDirectory(directory);
        using var leadsOut = Open(directory, LeadsFile, LeadColumns);
        using var signalsOut = Open(directory, SignalsFile, ["lead_id", "type", "occurred_at", "event_id", "topic", "value", "source"]);
        using var dealsOut = Open(directory, DealsFile, ["lead_id", "outcome", "opportunity_id", "created_at", "closed_at", "amount", "segment"]);
        using var dispositionsOut = Open(directory, DispositionsFile, ["lead_id", "status", "at", "reason", "rep"]);
        long leadCount = 0, signalCount = 0, dealCount = 0, dispositionCount = 0;
        foreach (var sample in leads)
        {
            var lead = sample.Lead;
            var attributes = LeadColumns.Skip(1).SkipLast(1).Select(c => lead.Attributes.TryGetValue(c, out var v) ? v : "");
            leadsOut.WriteRecord([lead.LeadId, .. attributes, Time(sample.CreatedAt)]);
            leadCount++;
            foreach (var signal in lead.Signals)
            {
                signalsOut.WriteRecord([lead.LeadId, signal.Type, Time(signal.OccurredAt), signal.EventId ?? "", signal.Topic ?? "",
                    signal.Value?.ToString(CultureInfo.InvariantCulture) ?? "", signal.Source ?? ""]);
                signalCount++;
            }

            if (sample.Deal is { } deal)
            {
                dealsOut.WriteRecord([lead.LeadId, deal.Outcome, deal.OpportunityId, Time(deal.CreatedAt), deal.ClosedAt is { } closed ? Time(closed) : "",
                    deal.Amount.ToString(CultureInfo.InvariantCulture), deal.Segment]);
                dealCount++;
            }

            if (sample.Disposition is { } disposition)
            {
                dispositionsOut.WriteRecord([lead.LeadId, disposition.Status, Time(disposition.At), disposition.Reason, disposition.Rep]);
                dispositionCount++;
            }

            if (leadCount % 10_000 == 0)
            {
                progress?.Invoke(leadCount);
            }
        }

        return new SampleCounts(leadCount, signalCount, dealCount, dispositionCount);
    }

    private static CsvWriter Open(string directory, string file, string[] header)
    {
        var writer = new CsvWriter(new StreamWriter(Path.Combine(directory, file), append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16)
        {
            NewLine = "\n",
        });
        writer.WriteRecord(header);
        return writer;
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
