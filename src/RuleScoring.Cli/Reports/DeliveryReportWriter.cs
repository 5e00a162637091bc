using System.Globalization;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Webhooks;

namespace RuleScoring.Cli.Reports;

/// <summary>The report's webhook lines, after routing: did the events reach the systems that act on them.</summary>
internal static class DeliveryReportWriter
{
    public static void Write(DeliveryCounts counts, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Webhook deliveries {Timestamps.Format(counts.From)} to {Timestamps.Format(counts.To)} (last month and this month; 'rulescore deliveries' lists them)");
        if (counts.ByEvent.Count == 0)
        {
            output.WriteLine("  no webhook deliveries");
            return;
        }

        var c = CultureInfo.InvariantCulture;
        TextTable.Write(output, ["event", "delivered", "retrying", "queued", "dead letter", "total"],
            counts.ByEvent.Append(counts.All).Select(r => new[]
            {
                r.EventType, r.Delivered.ToString("N0", c), r.Retrying.ToString("N0", c), r.Queued.ToString("N0", c), r.DeadLetter.ToString("N0", c), r.Total.ToString("N0", c),
            }));
    }
}
