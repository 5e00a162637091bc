using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace RuleScoring.Worker.Api;

/// <summary><c>GET /outbox?after=&amp;limit=</c>: tier changes and SLA breaches after a row id, oldest first.</summary>
internal static class OutboxEndpoints
{
    public static IResult Get(HttpRequest request, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var errors = new List<FieldError>();
        var after = QueryNumber(request, "after", 0, 0, long.MaxValue, errors);
        var limit = QueryNumber(request, "limit", 500, 1, 10_000, errors);
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }

        using var db = ApiStore.Open(options.Value, time);
        var rows = db.Scores.ChangesAfter(after, (int)limit);
        return Results.Json(new OutboxResponse(after, rows.Count == 0 ? after : rows[^1].Id, rows), WorkerJson.Api.OutboxResponse);
    }

    private static long QueryNumber(HttpRequest request, string name, long fallback, long min, long max, List<FieldError> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new FieldError(0, name, $"'{text}' is not a whole number in {min}..{max}"));
        return fallback;
    }
}
