using System.Globalization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Storage.Accounts;
using static RuleScoring.Core.Output.ReportNumbers;

namespace RuleScoring.Cli.Accounts;

/// <summary>Account cards as text: the account view of explain and the demo, and the one line a lead card shows.</summary>
internal static class AccountWriter
{
    public static void WriteTable(TextWriter o, AccountCard card, IReadOnlyList<StoredAccountScore>? history = null)
    {
        var tier = card.Tier;
        o.WriteLine($"account {card.AccountKey}  tier {tier?.Tier ?? "-"}  score {N(card.Score, 1)} (raw {N(card.Raw, 2)})  as of {Timestamps.Format(card.AsOf)}");
        if (tier is not null)
        {
            var due = tier.FollowUpBy is { } by ? $", follow up by {Timestamps.Format(by)}" : "";
            o.WriteLine($"  sales:     {tier.SalesAction} (SLA {tier.SlaText}{due})");
            o.WriteLine($"  marketing: {tier.MarketingAction}");
            o.WriteLine($"  tier rule {tier.Rule}");
        }

        o.WriteLine($"  committee: {card.Coverage}{(card.RolesMissing.Count > 0 ? $"; missing {string.Join(", ", card.RolesMissing)}" : "")}");
        o.WriteLine($"  contacts: {card.Contacts.Count}, engaged {card.Engaged}, researching {card.Researching}");
        o.WriteLine(card.Reasons.Count == 0 ? "  why: no account rule fired" : "  why (top drivers first):");
        var width = card.Reasons.Count == 0 ? 0 : card.Reasons.Max(r => r.Code.Length);
        foreach (var r in card.Reasons)
        {
            o.WriteLine($"    {(r.Points > 0 ? "+" : "") + N(r.Points, 0),6}  {r.Code.PadRight(width)}  {r.Text}");
        }

        o.WriteLine($"  {"lead",-12} {"role",-20} {"engaged",-8} {"tier",-5} {"fit",6} {"intent",7} {"behavior",9}");
        foreach (var c in card.Contacts.OrderByDescending(c => c.Engaged).ThenByDescending(c => c.Composite).ThenBy(c => c.LeadId, StringComparer.Ordinal))
        {
            o.WriteLine($"  {c.LeadId,-12} {c.Role ?? "-",-20} {(c.Engaged ? (c.Researching ? "yes+res" : "yes") : "no"),-8} {c.Tier ?? "-",-5} {N(c.Fit, 1),6} {N(c.Intent, 1),7} {N(c.Behavior, 1),9}");
        }

        if (history is { Count: > 0 })
        {
            o.WriteLine($"  history ({history.Count} change(s)):");
            foreach (var row in history.TakeLast(10))
            {
                var moved = row.PreviousTier is { } previous && previous != row.Card.Tier?.Tier ? $"{previous}->{row.Card.Tier?.Tier}" : row.Card.Tier?.Tier ?? "-";
                o.WriteLine($"    {Timestamps.Format(row.Card.AsOf),-20}  score {N(row.Card.Score, 1),5}  tier {moved,-6}  committee {row.Card.Coverage}");
            }
        }

        o.WriteLine($"  rules {card.Rules}");
    }

    /// <summary>What a lead card shows of its account (or why it has none).</summary>
    public static string LeadLine(string? accountKey, StoredAccountScore? account) => (accountKey, account) switch
    {
        (null, _) => "  account: none (no company domain, or a free-mail address)",
        (_, null) => $"  account: {accountKey} (not scored yet)",
        _ => $"  account: {accountKey}  tier {account.Card.Tier?.Tier ?? "-"}  score {N(account.Card.Score, 1)}  committee {account.Card.Coverage}",
    };
}
