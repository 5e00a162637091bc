namespace RuleScoring.Replay.Tests;

/// <summary>A small hand-made data folder in the import contract: each test writes the oddity it needs.</summary>
internal static class DealFolder
{
    public const string LeadHeader = "lead_id,email,employees,industry,country,title,created_at";

    /// <summary>Writes leads.csv, deals.csv and (when given) signals.csv under a new folder in <paramref name="parent"/>.</summary>
    public static string Write(string parent, IEnumerable<string> leads, IEnumerable<string> deals, IEnumerable<string>? signals = null)
    {
        var folder = Path.Combine(parent, "deals-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "leads.csv"), leads.Prepend(LeadHeader));
        File.WriteAllLines(Path.Combine(folder, "deals.csv"), deals.Prepend("lead_id,outcome,created_at,closed_at"));
        if (signals is not null)
        {
            File.WriteAllLines(Path.Combine(folder, "signals.csv"), signals.Prepend("lead_id,type,occurred_at"));
        }

        return folder;
    }

    /// <summary>A lead every rule version scores the same as its twins: same company profile, no signals.</summary>
    public static string Lead(string id, string created = "") => $"{id},{id.ToLowerInvariant()}@acme-logistics.com,300,Software,United States,VP Sales,{created}";
}
