using System.Globalization;
using RuleScoring.Core.Csv;

namespace RuleScoring.Replay.Adapters;

/// <summary>
/// UCI Bank Marketing (bank-additional-full.csv, ';'-separated) in the import contract: one lead
/// per call record (lead_id = bank-LINE: the file has no id) with the client's profile and
/// contact history, and one deal per lead: won when the client subscribed (y = yes). The file
/// has no dates. duration is left out: it is known only after the call, and duration 0 means
/// no subscription. pdays 999 ("never contacted before") becomes empty.
/// </summary>
internal static class BankMarketing
{
    private static readonly string[] Profile = ["age", "job", "marital", "education", "default", "housing", "loan", "contact", "campaign", "pdays", "previous", "poutcome"];

    public static (int Leads, int Deals) Convert(string file, string to)
    {
        var table = SourceTable.Read(file, ';');
        var columns = Profile.Select(table.Column).ToArray();
        var outcome = table.Column("y");
        Directory.CreateDirectory(to);
        using var leads = new CsvWriter(new StreamWriter(Path.Combine(to, "leads.csv")));
        using var deals = new CsvWriter(new StreamWriter(Path.Combine(to, "deals.csv")));
        leads.WriteRecord(Profile.Select(p => p == "default" ? "credit_default" : p).Prepend("lead_id"));
        deals.WriteRecord(["lead_id", "outcome"]);
        var count = 0;
        foreach (var (line, row) in table.Rows)
        {
            var id = "bank-" + line.ToString(CultureInfo.InvariantCulture);
            var values = columns.Select(c => row[c].Trim()).Select((v, i) => Profile[i] == "pdays" && v == "999" ? "" : v == "unknown" ? "" : v);
            leads.WriteRecord(values.Prepend(id));
            deals.WriteRecord([id, row[outcome].Trim() switch
            {
                "yes" => "won",
                "no" => "lost",
                var other => throw new AdapterException($"{file}:{line}: y is '{other}', not yes or no"),
            }]);
            count++;
        }

        return (count, count);
    }
}
