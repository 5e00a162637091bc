using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RuleScoring.Core.Output;
using RuleScoring.Worker.Api;
using static RuleScoring.Worker.Pages.ConsoleLayout;

namespace RuleScoring.Worker.Pages;

/// <summary><c>GET /console/accounts/{account}</c>: the account card: tier, score, buying-committee coverage, its reasons and its contacts.</summary>
internal static class AccountPage
{
    public static IResult Get(string account, IOptions<WorkerOptions> options, TimeProvider time)
    {
        using var db = ApiStore.Open(options.Value, time);
        if (db.Accounts.Current(account) is not { } current)
        {
            return NotFound("Account not found", $"No scored account '{account}' (accounts are company domains or account_id values; free-mail domains never form one).");
        }

        var card = current.Card;
        var html = new StringBuilder();
        html.Append(Facts([
            ("tier", card.Tier?.Tier ?? "-"),
            ("score", $"{Score(card.Score)} (raw {Score(card.Raw)})"),
            ("as of", Time(card.AsOf)),
            ("sales", card.Tier?.SalesAction ?? "-"),
            ("marketing", card.Tier?.MarketingAction ?? "-"),
            ("rules", card.Rules.ToString()),
        ]));
        html.Append(Section("committee", "Buying committee"));
        html.Append(Facts([
            ("coverage", card.Coverage),
            ("roles engaged", card.RolesEngaged.Count == 0 ? "none" : string.Join(", ", card.RolesEngaged)),
            ("roles missing", card.RolesMissing.Count == 0 ? "none" : string.Join(", ", card.RolesMissing)),
            ("contacts", $"{N(card.Contacts.Count)}, engaged {N(card.Engaged)}, researching {N(card.Researching)}"),
        ]));
        html.Append(card.Reasons.Count == 0
            ? Empty("No account rule fired.")
            : HtmlTable.Write("Why (top drivers first)", ["rule", "points", "reason"],
                card.Reasons.Select(r => new[] { r.Code, (r.Points > 0 ? "+" : "") + Score(r.Points), r.Text }), textColumns: [2]));
        html.Append(Section("contacts", "Contacts"));
        html.Append(card.Contacts.Count == 0
            ? Empty("No scored contacts.")
            : HtmlTable.Write("Contacts", ["lead", "role", "engaged", "researching", "tier", "fit", "intent", "behavior", "composite"],
                card.Contacts.Select(c => new[]
                {
                    c.LeadId, c.Role ?? "-", c.Engaged ? "yes" : "no", c.Researching ? "yes" : "no", (c.Tier ?? "-") + (c.Disqualified ? " (disqualified)" : ""),
                    Score(c.Fit), Score(c.Intent), Score(c.Behavior), Score(c.Composite),
                }),
                textColumns: [1, 2, 3, 4],
                link: (column, text) => column == 0 ? LeadLink(text) : null));
        return Page($"Account {card.AccountKey}", null, Main($"Account {card.AccountKey}", html.ToString()));
    }
}
