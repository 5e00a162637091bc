using System.Globalization;
using Dapper;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Webhooks;

/// <summary>
/// The webhook delivery log: deliveries made from the outbox through one cursor per subscription,
/// the due ones in order per lead, each attempt's outcome, and re-sends. Sending is the worker's.
/// </summary>
public sealed class DeliveryStore
{
    private const string CursorPrefix = "webhooks.";

    private const string Columns = """
        id AS Id, webhook_id AS WebhookId, subscription AS Subscription, change_id AS ChangeId, lead_id AS LeadId,
        event_type AS EventType, body AS Body, state AS State, attempts AS Attempts, next_attempt_at AS NextAttemptAt,
        last_status AS LastStatus, last_error AS LastError, created_at AS CreatedAt, delivered_at AS DeliveredAt
        """;

    private readonly ScoreDatabase _db;

    internal DeliveryStore(ScoreDatabase db) => _db = db;

    /// <summary>
    /// The outbox row up to which <paramref name="subscription"/>'s deliveries are recorded. A
    /// subscription seen for the first time starts at the outbox's end: it hears about events from
    /// then on, not the whole history (that stays readable through GET /outbox).
    /// </summary>
    public long Cursor(string subscription)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription);
        var name = CursorPrefix + subscription;
        if (_db.Connection.ExecuteScalar<long?>("SELECT position FROM cursors WHERE name = @Name", new { Name = name }) is { } position)
        {
            return position;
        }

        var end = _db.Dialect.SettledPosition(_db.Connection, AppendLog.ScoreChanges);
        _db.Connection.Execute("""
            INSERT INTO cursors (name, position, updated_at) VALUES (@Name, @Position, @Now) ON CONFLICT (name) DO NOTHING
            """, new { Name = name, Position = end, Now = _db.Time.GetUtcNow() });
        return _db.Connection.ExecuteScalar<long>("SELECT position FROM cursors WHERE name = @Name", new { Name = name });
    }

    /// <summary>
    /// Records deliveries for <paramref name="subscription"/> and moves its cursor to
    /// <paramref name="cursor"/>, in one transaction: a stop in between records neither, and the
    /// next pass makes the same rows again (one per outbox row and subscription, whatever happens).
    /// </summary>
    /// <returns>The deliveries recorded (an outbox row already recorded is passed over).</returns>
    public int Enqueue(string subscription, IReadOnlyList<NewDelivery> deliveries, long cursor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription);
        ArgumentNullException.ThrowIfNull(deliveries);
        var now = _db.Time.GetUtcNow();
        using var transaction = _db.Connection.BeginTransaction();
        var added = 0;
        foreach (var d in deliveries)
        {
            added += _db.Connection.Execute("""
                INSERT INTO webhook_deliveries (webhook_id, subscription, change_id, lead_id, event_type, body, state, attempts, next_attempt_at, created_at)
                VALUES (@WebhookId, @Subscription, @ChangeId, @LeadId, @EventType, @Body, 'pending', 0, @Now, @Now)
                ON CONFLICT (subscription, change_id) DO NOTHING
                """, new { d.WebhookId, Subscription = subscription, d.ChangeId, d.LeadId, d.EventType, d.Body, Now = now }, transaction);
        }

        _db.Connection.Execute("""
            INSERT INTO cursors (name, position, updated_at) VALUES (@Name, @Position, @Now)
            ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
            """, new { Name = CursorPrefix + subscription, Position = cursor, Now = now }, transaction);
        transaction.Commit();
        return added;
    }

    /// <summary>
    /// Pending deliveries to <paramref name="subscriptions"/> due by <paramref name="now"/>, each the
    /// oldest pending one of its lead and subscription: a lead's later event waits until the earlier
    /// one is delivered or dead. Oldest due first.
    /// </summary>
    public IReadOnlyList<StoredDelivery> Due(IReadOnlyCollection<string> subscriptions, DateTimeOffset now, int limit)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (subscriptions.Count == 0)
        {
            return [];
        }

        return Read($"""
            SELECT {Columns} FROM webhook_deliveries d
            WHERE d.state = 'pending' AND d.next_attempt_at <= @Now AND {_db.Dialect.In("d.subscription", "@Subscriptions")}
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                              WHERE e.subscription = d.subscription AND e.lead_id = d.lead_id AND e.state = 'pending' AND e.id < d.id)
            ORDER BY d.next_attempt_at, d.id LIMIT @Limit
            """, new { Now = now, Subscriptions = _db.Dialect.List(subscriptions), Limit = limit });
    }

    /// <summary>
    /// Records one attempt and where the delivery goes from it: delivered, pending again at
    /// <paramref name="nextAttemptAt"/>, or dead (not delivered and no next attempt).
    /// </summary>
    public void RecordAttempt(long deliveryId, DateTimeOffset attemptedAt, int? status, string? error, long elapsedMs, bool delivered, DateTimeOffset? nextAttemptAt) =>
        RecordAttempts([new AttemptOutcome(deliveryId, attemptedAt, status, error, elapsedMs, delivered, nextAttemptAt)]);

    /// <summary>Records a pass's attempts in one transaction (one commit, not one per delivery).</summary>
    public void RecordAttempts(IReadOnlyCollection<AttemptOutcome> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        using var transaction = _db.Connection.BeginTransaction();
        foreach (var a in attempts)
        {
            var state = a.Delivered ? "delivered" : a.NextAttemptAt is null ? "dead" : "pending";
            _db.Connection.Execute("""
                INSERT INTO webhook_attempts (delivery_id, attempted_at, status, error, elapsed_ms) VALUES (@Id, @At, @Status, @Error, @Elapsed)
                """, new { Id = a.DeliveryId, At = a.AttemptedAt, a.Status, a.Error, Elapsed = a.ElapsedMs }, transaction);
            _db.Connection.Execute("""
                UPDATE webhook_deliveries SET attempts = attempts + 1, state = @State, last_status = @Status, last_error = @Error,
                    next_attempt_at = @Next, delivered_at = CASE WHEN @State = 'delivered' THEN @At ELSE delivered_at END
                WHERE id = @Id
                """, new { Id = a.DeliveryId, State = state, a.Status, a.Error, Next = a.Delivered ? null : a.NextAttemptAt, At = a.AttemptedAt }, transaction);
        }

        transaction.Commit();
    }

    /// <summary>Deliveries, newest first, narrowed by state, lead and subscription when given.</summary>
    public IReadOnlyList<StoredDelivery> List(DeliveryState? state = null, string? leadId = null, string? subscription = null, int limit = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Read($"""
            SELECT {Columns} FROM webhook_deliveries
            WHERE (@State IS NULL OR state = @State) AND (@LeadId IS NULL OR lead_id = @LeadId) AND (@Subscription IS NULL OR subscription = @Subscription)
            ORDER BY id DESC LIMIT @Limit
            """, new { State = state is { } s ? Text(s) : null, LeadId = leadId, Subscription = subscription, Limit = limit });
    }

    /// <summary>How many deliveries are in each state.</summary>
    public IReadOnlyDictionary<DeliveryState, long> CountByState() =>
        _db.Connection.Query<(string State, long Count)>("SELECT state, COUNT(*) FROM webhook_deliveries GROUP BY state")
            .ToDictionary(r => Parse(r.State), r => r.Count);

    /// <summary>
    /// Deliveries created from <paramref name="from"/> to <paramref name="to"/> (both included), by
    /// event kind and state: delivered, retrying (pending after a failed attempt), queued (pending,
    /// not tried) and dead letter.
    /// </summary>
    public DeliveryCounts Counts(DateTimeOffset from, DateTimeOffset to)
    {
        var rows = _db.Connection.Query<CountRow>("""
            SELECT event_type AS EventType,
                   COUNT(*) FILTER (WHERE state = 'delivered') AS Delivered,
                   COUNT(*) FILTER (WHERE state = 'pending' AND attempts > 0) AS Retrying,
                   COUNT(*) FILTER (WHERE state = 'pending' AND attempts = 0) AS Queued,
                   COUNT(*) FILTER (WHERE state = 'dead') AS DeadLetter
            FROM webhook_deliveries
            WHERE created_at >= @From AND created_at <= @To
            GROUP BY event_type
            """, new { From = from, To = to });
        return new DeliveryCounts(from, to, rows.Select(r => new DeliveryCountRow(r.EventType, r.Delivered, r.Retrying, r.Queued, r.DeadLetter))
            .OrderBy(r => r.EventType, StringComparer.Ordinal).ToList());
    }

    /// <summary>A delivery by its row number or its webhook-id; null when there is none.</summary>
    public StoredDelivery? Find(string idOrWebhookId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrWebhookId);
        return long.TryParse(idOrWebhookId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? Read($"SELECT {Columns} FROM webhook_deliveries WHERE id = @Id", new { Id = id }).SingleOrDefault()
            : Read($"SELECT {Columns} FROM webhook_deliveries WHERE webhook_id = @WebhookId", new { WebhookId = idOrWebhookId }).SingleOrDefault();
    }

    /// <summary>Every attempt at a delivery, oldest first (re-sends included).</summary>
    public IReadOnlyList<DeliveryAttempt> Attempts(long deliveryId) =>
        _db.Connection.Query<AttemptRow>("""
            SELECT id AS Id, attempted_at AS AttemptedAt, status AS Status, error AS Error, elapsed_ms AS ElapsedMs
            FROM webhook_attempts WHERE delivery_id = @Id ORDER BY id
            """, new { Id = deliveryId })
            .Select(r => new DeliveryAttempt(r.Id, r.AttemptedAt, r.Status is { } s ? (int)s : null, r.Error, r.ElapsedMs))
            .ToArray();

    /// <summary>
    /// Makes a delivered or dead delivery pending again, due now, with a fresh attempt budget; its
    /// webhook-id and body stay, so a receiver that saw it can tell it is the same event.
    /// </summary>
    public StoredDelivery Resend(string idOrWebhookId)
    {
        var delivery = Find(idOrWebhookId) ?? throw new DeliveryException($"no delivery {idOrWebhookId}; list them with 'rulescore deliveries'");
        if (delivery.State == DeliveryState.Pending)
        {
            throw new DeliveryException($"delivery {delivery.Id} ({delivery.WebhookId}) is pending already: the worker sends it at {delivery.NextAttemptAt:u}");
        }

        _db.Connection.Execute("""
            UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = @Now WHERE id = @Id AND state <> 'pending'
            """, new { delivery.Id, Now = _db.Time.GetUtcNow() });
        return Find(delivery.Id.ToString(CultureInfo.InvariantCulture))!;
    }

    public static string Text(DeliveryState state) => state switch
    {
        DeliveryState.Pending => "pending",
        DeliveryState.Delivered => "delivered",
        _ => "dead",
    };

    public static DeliveryState Parse(string text) => text switch
    {
        "pending" => DeliveryState.Pending,
        "delivered" => DeliveryState.Delivered,
        "dead" => DeliveryState.Dead,
        _ => throw new ArgumentException($"'{text}' is not pending, delivered or dead", nameof(text)),
    };

    private List<StoredDelivery> Read(string sql, object parameters) =>
        _db.Connection.Query<DeliveryRow>(sql, parameters).Select(r => r.ToStored()).ToList();

    private sealed class CountRow
    {
        public string EventType { get; set; } = "";
        public long Delivered { get; set; }
        public long Retrying { get; set; }
        public long Queued { get; set; }
        public long DeadLetter { get; set; }
    }

    private sealed class DeliveryRow
    {
        public long Id { get; set; }
        public string WebhookId { get; set; } = "";
        public string Subscription { get; set; } = "";
        public long ChangeId { get; set; }
        public string LeadId { get; set; } = "";
        public string EventType { get; set; } = "";
        public string Body { get; set; } = "";
        public string State { get; set; } = "";
        public long Attempts { get; set; }
        public DateTimeOffset? NextAttemptAt { get; set; }
        public long? LastStatus { get; set; }
        public string? LastError { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? DeliveredAt { get; set; }

        public StoredDelivery ToStored() => new(Id, WebhookId, Subscription, ChangeId, LeadId, EventType, Body, Parse(State), (int)Attempts,
            NextAttemptAt, LastStatus is { } s ? (int)s : null, LastError, CreatedAt, DeliveredAt);
    }

    private sealed class AttemptRow
    {
        public long Id { get; set; }
        public DateTimeOffset AttemptedAt { get; set; }
        public long? Status { get; set; }
        public string? Error { get; set; }
        public long ElapsedMs { get; set; }
    }
}
