using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Scores;
using RuleScoring.Worker.Hosting;

namespace RuleScoring.Worker.Api;

/// <summary>
/// <c>POST /leads</c> (stored all or nothing), a lead's card (<c>GET /leads/{id}</c>) and history,
/// and <c>POST /leads/{id}/worked</c>, which closes its open follow-up tasks.
/// </summary>
internal static class LeadsEndpoints
{
    public static async Task<IResult> Post(HttpRequest request, TickTrigger trigger, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var (text, refused) = await RequestBody.ReadTextAsync(request).ConfigureAwait(false);
        if (text is null)
        {
            return refused!;
        }

        var records = LeadJsonReader.Read(text);
        if (records.Count == 0)
        {
            return ApiResults.BadRequest([new FieldError(0, "", "the body is empty: send a lead object or an array of them")]);
        }

        var errors = records.Select((r, i) => (r, i)).Where(x => x.r.Error is not null)
            .Select(x => new FieldError(x.i, "", x.r.Error!)).ToList();
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }

        var leads = records.Select(r => r.Lead!).ToList();
        var duplicateIds = leads.GroupBy(l => l.LeadId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        if (duplicateIds.Count > 0)
        {
            return ApiResults.BadRequest(leads.Select((l, i) => (l, i)).Where(x => duplicateIds.Contains(x.l.LeadId))
                .Select(x => new FieldError(x.i, "lead_id", $"'{x.l.LeadId}' appears more than once in this batch")).ToList());
        }

        using var db = ApiStore.Open(options.Value, time);
        var saved = db.Leads.Save(leads);
        trigger.Pulse();
        return Results.Json(
            new LeadsAccepted(leads.Count, saved.LeadsInserted, saved.LeadsUpdated, saved.LeadsUnchanged, saved.SignalsInserted, saved.SignalsDuplicate),
            WorkerJson.Api.LeadsAccepted, statusCode: StatusCodes.Status202Accepted);
    }

    public static IResult Get(string leadId, IOptions<WorkerOptions> options, TimeProvider time)
    {
        using var db = ApiStore.Open(options.Value, time);
        if (db.Leads.Get(leadId) is null)
        {
            return ApiResults.NoLead(leadId);
        }

        if (db.Scores.Current(leadId) is not { } current)
        {
            return ApiResults.NotFound($"lead '{leadId}' is stored but not scored yet; the next tick scores it");
        }

        // The lead's account as a rep needs it beside the lead: tier and committee coverage (the whole card is at /accounts/{account}).
        var accountKey = db.Accounts.KeyOf(leadId);
        var account = accountKey is null ? null : db.Accounts.Current(accountKey)?.Card;
        var response = new LeadResponse(leadId, current.Id, current.PreviousTier, RawJson.Of(w => ScoreCardJson.Write(w, current.Card)), db.Sla.ForLead(leadId),
            account is null
                ? new LeadAccount(accountKey)
                : new ScoredLeadAccount(accountKey, account.Tier?.Tier, account.Score, account.Coverage, account.RolesEngaged, account.RolesMissing))
        {
            Routing = db.Routing.ForLead(leadId) is { } route
                ? new LeadRouting(route.Queue, route.Owner, route.Status, route.Why, route.Rule, route.Error, route.RoutedAt,
                    route.Play is { } play ? RawJson.Of(w => w.WriteRawValue(play)) : null, db.Routing.Steps(leadId))
                : null,
        };
        return Results.Json(response, WorkerJson.Cards.LeadResponse, WorkerJson.CardContentType);
    }

    /// <summary>
    /// The current card and every stored score, in the one shape <c>explain --format json</c> writes
    /// too (<see cref="ScoreHistoryJson"/>), so the body is that writer's output as is.
    /// </summary>
    public static IResult GetHistory(string leadId, IOptions<WorkerOptions> options, TimeProvider time)
    {
        using var db = ApiStore.Open(options.Value, time);
        if (db.Leads.Get(leadId) is null)
        {
            return ApiResults.NoLead(leadId);
        }

        var current = db.Scores.Current(leadId);
        var history = db.Scores.History(leadId);
        var accountKey = db.Accounts.KeyOf(leadId);
        var account = new AccountSummary(accountKey, accountKey is null ? null : db.Accounts.Current(accountKey)?.Card);
        var body = RawJson.Of(w => ScoreHistoryJson.Write(w, leadId, current, history, account));
        return Results.Bytes(body.Utf8, WorkerJson.CardContentType);
    }

    public static async Task<IResult> PostWorked(string leadId, HttpRequest request, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var received = time.GetUtcNow();
        var worked = new WorkedRequest(null, null);
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, refused) = await RequestBody.ReadJsonAsync(request).ConfigureAwait(false);
            if (body is null)
            {
                return refused!;
            }

            using (body)
            {
                var errors = new List<FieldError>();
                worked = WorkedRequest.Read(body.RootElement, time.GetUtcNow(), errors);
                if (errors.Count > 0)
                {
                    return ApiResults.BadRequest(errors);
                }
            }
        }

        using var db = ApiStore.Open(options.Value, time);
        if (db.Leads.Get(leadId) is null)
        {
            return ApiResults.NoLead(leadId);
        }

        var closed = db.Sla.MarkWorked(leadId, worked.At ?? received, worked.By);
        return Results.Json(new WorkedResponse(leadId, closed), WorkerJson.Api.WorkedResponse);
    }
}
