using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Output;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Webhooks;

namespace RuleScoring.Cli.Deliveries;

/// <summary>
/// <c>rulescore deliveries</c>: the webhook delivery log the worker keeps. Lists deliveries
/// (narrowed by state, lead, subscription), shows one with every attempt, and re-sends a
/// delivered or dead one with its webhook-id and body unchanged (the worker sends it next pass).
/// </summary>
internal static class DeliveriesCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly JsonSerializerOptions Line = new(Json) { WriteIndented = false };

    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var db = CommonOptions.Db();
        var state = new Option<string?>("--state") { Description = "Only deliveries in this state: pending, delivered or dead" };
        var lead = new Option<string?>("--lead") { Description = "Only this lead's deliveries" };
        var subscription = new Option<string?>("--subscription") { Description = "Only this subscription's deliveries (its name in webhooks.json)" };
        var limit = new Option<int>("--limit") { Description = "How many of the newest to list", DefaultValueFactory = _ => 50 };
        var format = CommonOptions.Format();
        var command = new Command("deliveries", "The webhook delivery log: list deliveries (by state, lead, subscription), show one with its attempts, re-send one")
        {
            db, state, lead, subscription, limit, format, Show(time, output, error), Resend(time, output, error),
        };
        command.SetAction(parse => List(parse.GetValue(db)!, parse.GetValue(state), parse.GetValue(lead), parse.GetValue(subscription),
            parse.GetValue(limit), parse.GetValue(format), time, output, error));
        return command;
    }

    private static Command Show(TimeProvider time, TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("id") { Description = "The delivery's number or its webhook-id (msg_...)" };
        var db = CommonOptions.Db();
        var format = CommonOptions.Format();
        var command = new Command("show", "One delivery: where it stands, its body and every attempt (status or error, when, how long)") { id, db, format };
        command.SetAction(parse => Open(parse.GetValue(db)!, time, error, database =>
        {
            if (database.Deliveries.Find(parse.GetValue(id)!) is not { } delivery)
            {
                error.WriteLine($"{database.Path}: no delivery {parse.GetValue(id)}; list them with 'rulescore deliveries'");
                return ExitCodes.InputError;
            }

            var attempts = database.Deliveries.Attempts(delivery.Id);
            if (parse.GetValue(format) != OutputFormat.Table)
            {
                output.WriteLine(JsonSerializer.Serialize(new { delivery, attempts }, Json));
                return ExitCodes.Ok;
            }

            var c = CultureInfo.InvariantCulture;
            output.WriteLine(string.Create(c, $"delivery {delivery.Id}: {Text(delivery.State)}, {delivery.Attempts} attempt(s)"));
            output.WriteLine($"  webhook-id    {delivery.WebhookId}");
            output.WriteLine($"  subscription  {delivery.Subscription}");
            output.WriteLine($"  lead          {delivery.LeadId}");
            output.WriteLine(string.Create(c, $"  event         {delivery.EventType} (outbox row {delivery.ChangeId})"));
            output.WriteLine($"  recorded      {Timestamps.Format(delivery.CreatedAt)}");
            output.WriteLine($"  {Where(delivery)}");
            output.WriteLine($"  body          {delivery.Body}");
            if (attempts.Count > 0)
            {
                output.WriteLine("attempts:");
                TextTable.Write(output, ["at", "status", "ms", "error"],
                    attempts.Select(a => new[] { Timestamps.Format(a.AttemptedAt), a.Status?.ToString(c) ?? "-", a.ElapsedMs.ToString(c), a.Error ?? "" }),
                    freeTextLast: true);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Resend(TimeProvider time, TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("id") { Description = "The delivery's number or its webhook-id (msg_...)" };
        var db = CommonOptions.Db();
        var command = new Command("resend", "Make a delivered or dead delivery pending again, same webhook-id and body, with a fresh attempt budget") { id, db };
        command.SetAction(parse => Open(parse.GetValue(db)!, time, error, database =>
        {
            try
            {
                var delivery = database.Deliveries.Resend(parse.GetValue(id)!);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"delivery {delivery.Id} ({delivery.WebhookId}) to {delivery.Subscription} is pending again; a running worker sends it within its delivery interval"));
                return ExitCodes.Ok;
            }
            catch (DeliveryException ex)
            {
                error.WriteLine($"{database.Path}: {ex.Message}");
                return ExitCodes.InputError;
            }
        }));
        return command;
    }

    private static int List(string dbPath, string? stateText, string? lead, string? subscription, int limit, OutputFormat format, TimeProvider time, TextWriter output, TextWriter error)
    {
        DeliveryState? state = null;
        if (stateText is not null)
        {
            try
            {
                state = DeliveryStore.Parse(stateText);
            }
            catch (ArgumentException ex)
            {
                error.WriteLine($"--state {ex.Message.Split(" (", 2)[0]}");
                return ExitCodes.InputError;
            }
        }

        if (limit < 1)
        {
            error.WriteLine($"--limit {limit.ToString(CultureInfo.InvariantCulture)}: give 1 or more");
            return ExitCodes.InputError;
        }

        return Open(dbPath, time, error, database =>
        {
            var rows = database.Deliveries.List(state, lead, subscription, limit);
            if (format == OutputFormat.Json)
            {
                output.WriteLine(JsonSerializer.Serialize(rows, Json));
                return ExitCodes.Ok;
            }

            if (format == OutputFormat.Jsonl)
            {
                foreach (var row in rows)
                {
                    output.WriteLine(JsonSerializer.Serialize(row, Line));
                }

                return ExitCodes.Ok;
            }

            var counts = database.Deliveries.CountByState();
            var c = CultureInfo.InvariantCulture;
            output.WriteLine(string.Create(c,
                $"deliveries: {counts.GetValueOrDefault(DeliveryState.Pending):N0} pending, {counts.GetValueOrDefault(DeliveryState.Delivered):N0} delivered, {counts.GetValueOrDefault(DeliveryState.Dead):N0} dead"));
            if (rows.Count == 0)
            {
                output.WriteLine("  none match");
                return ExitCodes.Ok;
            }

            TextTable.Write(output, ["id", "state", "attempts", "subscription", "lead", "event", "last", "webhook-id"],
                rows.Select(d => new[]
                {
                    d.Id.ToString(c), Text(d.State), d.Attempts.ToString(c), d.Subscription, d.LeadId, d.EventType,
                    d.LastStatus?.ToString(c) ?? (d.LastError is { } e ? e.Split(':')[0] : "-"), d.WebhookId,
                }));
            return ExitCodes.Ok;
        });
    }

    private static string Text(DeliveryState state) => DeliveryStore.Text(state);

    private static string Where(StoredDelivery d) => d.State switch
    {
        DeliveryState.Delivered => $"delivered     {Timestamps.Format(d.DeliveredAt!.Value)}",
        DeliveryState.Pending => $"next attempt  {(d.NextAttemptAt is { } at ? Timestamps.Format(at) : "-")}{(d.LastError is { } e ? $" (last: {e})" : "")}",
        _ => $"dead          last: {d.LastError}",
    };

    private static int Open(string dbPath, TimeProvider time, TextWriter error, Func<ScoreDatabase, int> run)
    {
        try
        {
            using var database = ScoreDatabase.Open(dbPath, time, create: false);
            return run(database);
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
    }
}
