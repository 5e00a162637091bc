using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Worker;
using RuleScoring.Worker.Hosting;
using RuleScoring.Worker.Rules;

namespace RuleScoring.Worker.Api;

/// <summary>
/// The worker's HTTP API: signals and leads in (validated whole, stored all or nothing, idempotent
/// by event id / lead id), cards, history and the outbox out, and health. Each request opens its
/// own connection (WAL: reads never wait for the worker's writes). Field names follow the CSV
/// contract (snake_case).
/// </summary>
public static class WorkerApi
{
    public const string ApiKeyHeader = "X-Api-Key";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Machine clients read this, not browsers: keep quotes in messages readable ('L-1', not \u0027L-1\u0027).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health", Health);
        var api = app.MapGroup("").AddEndpointFilter(RequireApiKey).AddEndpointFilter(StoreUnavailable);
        api.MapPost("/signals", PostSignals);
        api.MapPost("/leads", PostLeads);
        api.MapGet("/leads/{leadId}", GetLead);
        api.MapGet("/leads/{leadId}/history", GetHistory);
        api.MapGet("/accounts/{account}", GetAccount);
        api.MapPost("/leads/{leadId}/worked", PostWorked);
        api.MapGet("/outbox", GetOutbox);
    }

    private static async ValueTask<object?> RequireApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<WorkerOptions>>().Value.ApiKey;
        if (!string.IsNullOrEmpty(key))
        {
            var sent = context.HttpContext.Request.Headers[ApiKeyHeader].ToString();
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(sent), System.Text.Encoding.UTF8.GetBytes(key)))
            {
                return Results.Json(new { error = $"missing or wrong {ApiKeyHeader} header" }, Json, statusCode: StatusCodes.Status401Unauthorized);
            }
        }

        return await next(context).ConfigureAwait(false);
    }

    // A client is better served by a quick 503 and Retry-After than by a request hanging for the
    // 30 s a command waits behind another writer.
    private static readonly TimeSpan StoreLockWait = TimeSpan.FromSeconds(3);

    private static ScoreDatabase OpenStore(WorkerOptions options, TimeProvider time) =>
        ScoreDatabase.Open(options.Database, time, create: false, lockWait: StoreLockWait);

    /// <summary>
    /// A database that cannot be written or reached (full disk, read-only, locked past the wait, a
    /// PostgreSQL server down) answers 503 with what happened and that nothing of the request was
    /// stored, so a client retries later instead of reading a bare 500 as "my payload is wrong".
    /// </summary>
    private static async ValueTask<object?> StoreUnavailable(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StorageException or DbException)
        {
            var database = ScoreDatabase.NameOf(context.HttpContext.RequestServices.GetRequiredService<IOptions<WorkerOptions>>().Value.Database);
            var message = ex is DbException db ? StoreFailure.Describe(database, db, "nothing from this request was stored") : ex.Message;
            context.HttpContext.Response.Headers.RetryAfter = "30";
            return Results.Json(new { error = message }, Json, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> PostSignals(HttpRequest request, ActiveRules rules, TickTrigger trigger, IOptions<WorkerOptions> options, TimeProvider time)
    {
        if (rules.Current is not { } active)
        {
            return Results.Json(new { error = "no valid rules are active yet; signals cannot be checked against the model" }, Json, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var (body, refused) = await ReadJson(request).ConfigureAwait(false);
        if (body is null)
        {
            return refused!;
        }

        using (body)
        {
            var (signals, errors) = SignalPayloadReader.Read(body.RootElement, active.RuleSet.SignalCatalogue.Keys.ToHashSet(StringComparer.Ordinal));
            if (errors.Count > 0)
            {
                return BadRequest(errors);
            }

            using var db = OpenStore(options.Value, time);
            var (inserted, duplicate, unknown) = db.Leads.AddSignals(signals);
            if (unknown.Count > 0)
            {
                return BadRequest(signals.Select((s, i) => (s.LeadId, i))
                    .Where(x => unknown.Contains(x.LeadId))
                    .Select(x => new FieldError(x.i, "lead_id", $"no lead '{x.LeadId}' is stored; POST /leads first"))
                    .ToList());
            }

            if (inserted > 0)
            {
                trigger.Pulse();
            }

            return Results.Json(new { accepted = signals.Count, inserted, duplicate }, Json, statusCode: StatusCodes.Status202Accepted);
        }
    }

    private static async Task<IResult> PostLeads(HttpRequest request, TickTrigger trigger, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var (text, refused) = await ReadText(request).ConfigureAwait(false);
        if (text is null)
        {
            return refused!;
        }

        var records = LeadJsonReader.Read(text);
        if (records.Count == 0)
        {
            return BadRequest([new FieldError(0, "", "the body is empty: send a lead object or an array of them")]);
        }

        var errors = records.Select((r, i) => (r, i)).Where(x => x.r.Error is not null)
            .Select(x => new FieldError(x.i, "", x.r.Error!)).ToList();
        if (errors.Count > 0)
        {
            return BadRequest(errors);
        }

        var leads = records.Select(r => r.Lead!).ToList();
        var duplicateIds = leads.GroupBy(l => l.LeadId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        if (duplicateIds.Count > 0)
        {
            return BadRequest(leads.Select((l, i) => (l, i)).Where(x => duplicateIds.Contains(x.l.LeadId))
                .Select(x => new FieldError(x.i, "lead_id", $"'{x.l.LeadId}' appears more than once in this batch")).ToList());
        }

        using var db = OpenStore(options.Value, time);
        var saved = db.Leads.Save(leads);
        trigger.Pulse();
        return Results.Json(new
        {
            accepted = leads.Count,
            leads_inserted = saved.LeadsInserted,
            leads_updated = saved.LeadsUpdated,
            leads_unchanged = saved.LeadsUnchanged,
            signals_inserted = saved.SignalsInserted,
            signals_duplicate = saved.SignalsDuplicate,
        }, Json, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult GetLead(string leadId, IOptions<WorkerOptions> options, TimeProvider time)
    {
        using var db = OpenStore(options.Value, time);
        if (db.Leads.Get(leadId) is null)
        {
            return Results.Json(new { error = $"no lead '{leadId}'" }, Json, statusCode: StatusCodes.Status404NotFound);
        }

        if (db.Scores.Current(leadId) is not { } current)
        {
            return Results.Json(new { error = $"lead '{leadId}' is stored but not scored yet; the next tick scores it" }, Json, statusCode: StatusCodes.Status404NotFound);
        }

        return RawJson(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("lead_id", leadId);
            writer.WriteNumber("score_id", current.Id);
            writer.WriteString("previous_tier", current.PreviousTier);
            writer.WritePropertyName("card");
            ScoreCardJson.Write(writer, current.Card);
            writer.WritePropertyName("sla_tasks");
            JsonSerializer.Serialize(writer, db.Sla.ForLead(leadId), Json);
            // The lead's account as a rep needs it beside the lead: tier and committee coverage (the whole card is at /accounts/{account}).
            var accountKey = db.Accounts.KeyOf(leadId);
            var account = accountKey is null ? null : db.Accounts.Current(accountKey)?.Card;
            writer.WriteStartObject("account");
            writer.WriteString("key", accountKey);
            if (account is not null)
            {
                writer.WriteString("tier", account.Tier?.Tier);
                writer.WriteNumber("score", account.Score);
                writer.WriteString("committee_coverage", account.Coverage);
                writer.WritePropertyName("roles_engaged");
                JsonSerializer.Serialize(writer, account.RolesEngaged, Json);
                writer.WritePropertyName("roles_missing");
                JsonSerializer.Serialize(writer, account.RolesMissing, Json);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static IResult GetAccount(string account, IOptions<WorkerOptions> options, TimeProvider time)
    {
        using var db = OpenStore(options.Value, time);
        if (db.Accounts.Current(account) is not { } current)
        {
            return Results.Json(new { error = $"no scored account '{account}' (accounts are company domains or account_id values; free-mail domains never form one)" },
                Json, statusCode: StatusCodes.Status404NotFound);
        }

        var history = db.Accounts.History(account);
        return RawJson(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("account", current.Card.AccountKey);
            writer.WriteNumber("score_id", current.Id);
            writer.WriteString("previous_tier", current.PreviousTier);
            writer.WritePropertyName("card");
            AccountCardJson.Write(writer, current.Card);
            writer.WriteStartArray("history");
            foreach (var row in history)
            {
                writer.WriteStartObject();
                writer.WriteNumber("score_id", row.Id);
                writer.WriteString("as_of", Timestamps.Format(row.Card.AsOf));
                writer.WriteString("tier", row.Card.Tier?.Tier);
                writer.WriteString("previous_tier", row.PreviousTier);
                writer.WriteNumber("score", row.Card.Score);
                writer.WriteString("committee_coverage", row.Card.Coverage);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static IResult GetHistory(string leadId, IOptions<WorkerOptions> options, TimeProvider time)
    {
        using var db = OpenStore(options.Value, time);
        if (db.Leads.Get(leadId) is null)
        {
            return Results.Json(new { error = $"no lead '{leadId}'" }, Json, statusCode: StatusCodes.Status404NotFound);
        }

        var current = db.Scores.Current(leadId);
        var history = db.Scores.History(leadId);
        var accountKey = db.Accounts.KeyOf(leadId);
        var account = new AccountSummary(accountKey, accountKey is null ? null : db.Accounts.Current(accountKey)?.Card);
        return RawJson(writer => ScoreHistoryJson.Write(writer, leadId, current, history, account));
    }

    private static async Task<IResult> PostWorked(string leadId, HttpRequest request, IOptions<WorkerOptions> options, TimeProvider time)
    {
        string? by = null;
        var at = time.GetUtcNow();
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, refused) = await ReadJson(request).ConfigureAwait(false);
            if (body is null)
            {
                return refused!;
            }

            using (body)
            {
                var errors = new List<FieldError>();
                if (body.RootElement.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new FieldError(0, "", "expected a JSON object like {\"by\": \"rep name\", \"at\": \"2026-11-20T12:00:00Z\"}"));
                }
                else
                {
                    foreach (var p in body.RootElement.EnumerateObject())
                    {
                        switch (p.Name)
                        {
                            case "by" when p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                                by = p.Value.GetString();
                                break;
                            case "at" when p.Value.ValueKind == JsonValueKind.String && Timestamps.TryParse(p.Value.GetString(), out var parsed):
                                if (WorkedAtProblem(parsed, time.GetUtcNow()) is { } problem)
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
                }

                if (errors.Count > 0)
                {
                    return BadRequest(errors);
                }
            }
        }

        using var db = OpenStore(options.Value, time);
        if (db.Leads.Get(leadId) is null)
        {
            return Results.Json(new { error = $"no lead '{leadId}'" }, Json, statusCode: StatusCodes.Status404NotFound);
        }

        var closed = db.Sla.MarkWorked(leadId, at, by);
        return Results.Json(new { lead_id = leadId, closed }, Json);
    }

    /// <summary>
    /// A lead is worked now or in the past: a time more than a day ahead of the worker's clock
    /// (year 9999, a wrong offset) or before 2000 would close or reopen SLA tasks by accident.
    /// </summary>
    private static string? WorkedAtProblem(DateTimeOffset at, DateTimeOffset now) =>
        at > now.AddDays(1) ? $"is more than a day after the worker's clock ({Timestamps.Format(now)}): a lead cannot be worked in the future"
        : at < Earliest ? "is before 2000: not a time this lead was worked"
        : null;

    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IResult GetOutbox(HttpRequest request, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var errors = new List<FieldError>();
        var after = QueryNumber(request, "after", 0, 0, long.MaxValue, errors);
        var limit = QueryNumber(request, "limit", 500, 1, 10_000, errors);
        if (errors.Count > 0)
        {
            return BadRequest(errors);
        }

        using var db = OpenStore(options.Value, time);
        var rows = db.Scores.ChangesAfter(after, (int)limit);
        return Results.Json(new { after, next = rows.Count == 0 ? after : rows[^1].Id, changes = rows }, Json);
    }

    private static IResult Health(ActiveRules rules, WorkerStatus status, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var db = OpenStore(options.Value, time);
        var cursor = db.Worker.GetCursor(WorkerStore.SignalCursor);
        var (backlog, oldest) = db.Worker.SignalBacklog(cursor);
        var (openTasks, overdue) = db.Sla.OpenCounts(now);
        var (lastTick, ticks, lastError, lastErrorAt) = status.Read();
        var active = rules.Current;
        var reasons = HealthReasons.Of(active is not null, lastTick, lastError, lastErrorAt, status.TickStartedAt, status.StartedAt, now, options.Value.TickInterval);
        var healthy = reasons.Count == 0;
        return Results.Json(new
        {
            status = healthy ? "ok" : "degraded",
            reasons,
            now,
            started_at = status.StartedAt,
            rules = active is null ? null : new
            {
                name = active.Identity.Name,
                version = active.Identity.Version,
                hash = active.Identity.Hash,
                activated_at = active.Activation.ActivatedAt,
            },
            rules_rejected = rules.Rejected is { } rejected ? new { version = rejected.Version, at = rejected.At, problems = rejected.Problems } : null,
            ticks,
            last_tick = lastTick,
            last_error = lastError is null ? null : new { at = lastErrorAt, message = lastError },
            lag = new
            {
                signals_waiting = backlog,
                oldest_waiting_seconds = oldest is { } o ? Math.Max(0, (now - o).TotalSeconds) : 0,
                due_leads = db.Scores.DueLeads(now, 10_000).Count,
                since_last_tick_seconds = lastTick is null ? (double?)null : Math.Max(0, (now - lastTick.AsOf).TotalSeconds),
            },
            sla = new { open = openTasks, overdue_unflagged = overdue },
        }, Json, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// The body as text, or the answer refusing it: 413 with the limit when it is larger than the
    /// worker reads, 400 when a key appears twice in one object (which value would count?).
    /// </summary>
    private static async Task<(string? Text, IResult? Refused)> ReadText(HttpRequest request)
    {
        string text;
        try
        {
            using var reader = new StreamReader(request.Body);
            text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            var said = limit is { } bytes ? $"the limit of {bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes" : "the limit";
            return (null, Results.Json(new { error = $"the request body is larger than {said}: nothing was stored; send it in smaller batches" }, Json,
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        if (JsonDuplicateKeys.First(text) is { } repeated)
        {
            return (null, BadRequest([new FieldError(0, repeated.Path, $"key appears twice in one object (line {repeated.Line}): send it once")]));
        }

        return (text, null);
    }

    private static async Task<(JsonDocument? Body, IResult? Refused)> ReadJson(HttpRequest request)
    {
        var (text, refused) = await ReadText(request).ConfigureAwait(false);
        if (text is null)
        {
            return (null, refused);
        }

        try
        {
            return (JsonDocument.Parse(text), null);
        }
        catch (JsonException ex)
        {
            return (null, BadRequest([new FieldError(0, "", $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message.Split(" Path:")[0]}")]));
        }
    }

    private static long QueryNumber(HttpRequest request, string name, long fallback, long min, long max, List<FieldError> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new FieldError(0, name, $"'{text}' is not a whole number in {min}..{max}"));
        return fallback;
    }

    private static IResult BadRequest(IReadOnlyList<FieldError> errors) =>
        Results.Json(new { error = "the request was not stored: fix these and send it again", errors }, Json, statusCode: StatusCodes.Status400BadRequest);

    private static IResult RawJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Results.Bytes(buffer.ToArray(), "application/json");
    }
}
