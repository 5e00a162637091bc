using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuleScoring.Replay.Calibration;
using TheRules = RuleScoring.Tests.Support.RulesCopy;

namespace RuleScoring.Replay.Tests;

/// <summary>
/// Small contract CSV folders written by hand for calibrate's oddities (a rule on every deal,
/// all-equal scores, deals spread over time): the lead is created two days before its deal
/// opens, its signals come the day before, and the deal closes twenty days after.
/// </summary>
internal sealed class HandMadeDeals : IDisposable
{
    private readonly TempFolder _folder = new("rulescore-handmade");

    public string Folder => _folder.Path;

    /// <summary>A day between 2026-01-01 and 2026-10-31 for deal <paramref name="i"/> of <paramref name="count"/>, in order.</summary>
    public static DateTimeOffset Day(int i, int count) => new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(Math.Floor(i * 303.0 / count));

    public static Dictionary<string, string> Attributes(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>Writes leads.csv, signals.csv and deals.csv into a new folder and returns it.</summary>
    public string Write(IReadOnlyList<HandMadeDeal> deals)
    {
        var data = Path.Combine(Folder, "data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var columns = deals.SelectMany(d => d.Attributes.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        File.WriteAllLines(Path.Combine(data, "leads.csv"), deals
            .Select(d => string.Join(',', [d.LeadId, .. columns.Select(c => d.Attributes.GetValueOrDefault(c, "")), Time(d.At.AddDays(-2))]))
            .Prepend(string.Join(',', ["lead_id", .. columns, "created_at"])));
        File.WriteAllLines(Path.Combine(data, "signals.csv"), deals
            .SelectMany(d => d.Signals.Select((s, i) => $"{d.LeadId},{s},{Time(d.At.AddDays(-1))},{d.LeadId}-{i}"))
            .Prepend("lead_id,type,occurred_at,event_id"));
        File.WriteAllLines(Path.Combine(data, "deals.csv"), deals
            .Select(d => $"{d.LeadId},{(d.Won ? "won" : "lost")},opp-{d.LeadId},{Time(d.At)},{Time(d.At.AddDays(20))}")
            .Prepend("lead_id,outcome,opportunity_id,created_at,closed_at"));
        return data;
    }

    /// <summary>A copy of rules/ (top level only), edited by <paramref name="edit"/> (file name, JSON).</summary>
    public string RulesCopy(Action<string, JsonNode>? edit = null) =>
        TheRules.Rewritten(Path.Combine(Folder, "rules-" + Guid.NewGuid().ToString("N")), edit);

    /// <summary>Runs calibrate on <paramref name="settings"/> into a new folder here, with its report (default when it wrote none).</summary>
    public (int Code, string Output, string Error, JsonElement Report) Calibrate(CalibrateSettings settings)
    {
        var outDir = Path.Combine(Folder, "cal-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CalibrateCommand.Run(settings with { OutDir = outDir }, FixedClock.Create(), output, error);
        var file = Path.Combine(outDir, "calibration.json");
        return (code, output.ToString(), error.ToString(), File.Exists(file) ? JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone() : default);
    }

    public void Dispose() => _folder.Dispose();

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
