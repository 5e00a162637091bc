using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;

namespace RuleScoring.Worker.Api;

/// <summary><c>GET /accounts/{account}</c>: the account's current card and its score history.</summary>
internal static class AccountsEndpoints
{
    public static IResult Get(string account, IOptions<WorkerOptions> options, TimeProvider time)
    {
        using var db = ApiStore.Open(options.Value, time);
        if (db.Accounts.Current(account) is not { } current)
        {
            return ApiResults.NotFound($"no scored account '{account}' (accounts are company domains or account_id values; free-mail domains never form one)");
        }

        var history = db.Accounts.History(account)
            .Select(row => new AccountHistoryRow(row.Id, Timestamps.Format(row.Card.AsOf), row.Card.Tier?.Tier, row.PreviousTier, row.Card.Score, row.Card.Coverage))
            .ToList();
        var response = new AccountResponse(current.Card.AccountKey, current.Id, current.PreviousTier, RawJson.Of(w => AccountCardJson.Write(w, current.Card)), history);
        return Results.Json(response, WorkerJson.Cards.AccountResponse, WorkerJson.CardContentType);
    }
}
