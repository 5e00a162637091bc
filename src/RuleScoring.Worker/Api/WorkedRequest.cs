using System.Text.Json;
using RuleScoring.Core.Leads;

namespace RuleScoring.Worker.Api;

/// <summary>
/// The optional body of <c>POST /leads/{id}/worked</c>: who worked the lead and when (the worker's
/// clock when left out).
/// </summary>
internal sealed record WorkedRequest(string? By, DateTimeOffset? At)
{
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Read by hand, not deserialized: every field's problem is reported at once, with the value as sent.
    public static WorkedRequest Read(JsonElement root, DateTimeOffset now, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string? by = null;
        DateTimeOffset? at = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(0, "", "expected a JSON object like {\"by\": \"rep name\", \"at\": \"2026-11-20T12:00:00Z\"}"));
            return new WorkedRequest(by, at);
        }

        foreach (var p in root.EnumerateObject())
        {
            switch (p.Name)
            {
                case "by" when p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    by = p.Value.GetString();
                    break;
                case "at" when p.Value.ValueKind == JsonValueKind.String && Timestamps.TryParse(p.Value.GetString(), out var parsed):
                    if (AtProblem(parsed, now) is { } problem)
                    {
                        errors.Add(new FieldError(0, "at", $"{p.Value.GetRawText()} {problem}"));
                    }

                    at = parsed;
                    break;
                case "at":
                    errors.Add(new FieldError(0, "at", $"{p.Value.GetRawText()} " +
                        (Timestamps.OffsetProblem(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null) is { } offset ? "has a " + offset : "is not an ISO 8601 timestamp")));
                    break;
                default:
                    errors.Add(new FieldError(0, p.Name, "unknown field (send by and/or at)"));
                    break;
            }
        }

        return new WorkedRequest(by, at);
    }

    /// <summary>
    /// A lead is worked now or in the past: a time more than a day ahead of the worker's clock
    /// (year 9999, a wrong offset) or before 2000 would close or reopen SLA tasks by accident.
    /// </summary>
    private static string? AtProblem(DateTimeOffset at, DateTimeOffset now) =>
        at > now.AddDays(1) ? $"is more than a day after the worker's clock ({Timestamps.Format(now)}): a lead cannot be worked in the future"
        : at < Earliest ? "is before 2000: not a time this lead was worked"
        : null;
}
