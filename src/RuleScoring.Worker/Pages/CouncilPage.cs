using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RuleScoring.Core.Governance;
using RuleScoring.Storage.Reports;
using RuleScoring.Worker.Api;
using RuleScoring.Worker.Rules;

namespace RuleScoring.Worker.Pages;

/// <summary>
/// <c>GET /console/council</c>: the council report `rulescore report --html` writes, under the
/// active rules, rendered by the same <see cref="CouncilHtml"/> inside the console's layout.
/// </summary>
internal static class CouncilPage
{
    public static IResult Get(ActiveRules rules, IOptions<WorkerOptions> options, TimeProvider time)
    {
        const string Current = ConsolePages.Prefix + "/council";
        if (rules.Current is not { } active)
        {
            return ConsoleLayout.Page("Council report", Current, ConsoleLayout.Main("Scoring council report",
                ConsoleLayout.Empty("No active rules: the council report is read under the rules that score.")));
        }

        using var db = ApiStore.Open(options.Value, time);
        var report = new CouncilReportBuilder(db).Build(active.Identity, active.RuleSet.Bands, ChangelogReader.Read(rules.Directory));
        return ConsoleLayout.Page(CouncilHtml.Title(report), Current, CouncilHtml.Body(report));
    }
}
