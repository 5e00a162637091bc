using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RuleScoring.Worker.Hosting;
using RuleScoring.Worker.Rules;

namespace RuleScoring.Worker.Api;

/// <summary><c>POST /signals</c>: one signal or an array, checked whole against the active model, stored all or nothing.</summary>
internal static class SignalsEndpoints
{
    public static async Task<IResult> Post(HttpRequest request, ActiveRules rules, TickTrigger trigger, IOptions<WorkerOptions> options, TimeProvider time)
    {
        if (rules.Current is not { } active)
        {
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "no valid rules are active yet; signals cannot be checked against the model");
        }

        var (body, refused) = await RequestBody.ReadJsonAsync(request).ConfigureAwait(false);
        if (body is null)
        {
            return refused!;
        }

        using (body)
        {
            var (signals, errors) = SignalPayloadReader.Read(body.RootElement, active.RuleSet.SignalCatalogue.Keys.ToHashSet(StringComparer.Ordinal));
            if (errors.Count > 0)
            {
                return ApiResults.BadRequest(errors);
            }

            using var db = ApiStore.Open(options.Value, time);
            var (inserted, duplicate, unknown) = db.Leads.AddSignals(signals);
            if (unknown.Count > 0)
            {
                return ApiResults.BadRequest(signals.Select((s, i) => (s.LeadId, i))
                    .Where(x => unknown.Contains(x.LeadId))
                    .Select(x => new FieldError(x.i, "lead_id", $"no lead '{x.LeadId}' is stored; POST /leads first"))
                    .ToList());
            }

            if (inserted > 0)
            {
                trigger.Pulse();
            }

            return Results.Json(new SignalsAccepted(signals.Count, inserted, duplicate), WorkerJson.Api.SignalsAccepted, statusCode: StatusCodes.Status202Accepted);
        }
    }
}
