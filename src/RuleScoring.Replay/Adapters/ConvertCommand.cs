using System.CommandLine;
using RuleScoring.Core.Output;

namespace RuleScoring.Replay.Adapters;

/// <summary>
/// <c>convert crm-sales-opportunities|bank-marketing --from PATH --to DIR</c>: turns a public
/// dataset into the import contract (leads.csv, deals.csv) for <c>--data DIR</c>. Joins and ids
/// that a column mapping cannot express live here, per dataset.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dataset = new Argument<string>("dataset") { Description = "crm-sales-opportunities (a folder) or bank-marketing (bank-additional-full.csv)" };
        var from = new Option<string>("--from") { Description = "The dataset's folder or file", Required = true };
        var to = new Option<string>("--to") { Description = "Folder for leads.csv and deals.csv", Required = true };
        var command = new Command("convert", "Convert a public dataset into the import contract for --data") { dataset, from, to };
        command.SetAction(parse =>
        {
            try
            {
                var (leads, deals) = parse.GetValue(dataset) switch
                {
                    "crm-sales-opportunities" => CrmSalesOpportunities.Convert(parse.GetValue(from)!, parse.GetValue(to)!),
                    "bank-marketing" => BankMarketing.Convert(parse.GetValue(from)!, parse.GetValue(to)!),
                    var other => throw new AdapterException($"unknown dataset '{other}': use crm-sales-opportunities or bank-marketing"),
                };
                output.WriteLine($"wrote {leads:N0} leads and {deals:N0} deals to {parse.GetValue(to)}");
                return ExitCodes.Ok;
            }
            catch (AdapterException ex)
            {
                error.WriteLine(ex.Message);
                return ExitCodes.InputError;
            }
        });
        return command;
    }
}
