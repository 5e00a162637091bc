using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Webhooks;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Webhooks;

namespace RuleScoring.Worker.Webhooks;

/// <summary>
/// One pass of webhook delivery: record a delivery per new outbox row and subscription, then
/// send the due ones (a lead's events one at a time, in order; different leads in parallel),
/// signed per Standard Webhooks, and record each attempt. A failure waits its backoff; after the
/// last attempt the delivery is dead. Nothing is marked until the receiver answered, so a stop
/// or a crash mid-request leaves the delivery pending: it is sent again, with the same webhook-id.
/// </summary>
public sealed partial class WebhookDispatcher(HttpClient http, TimeProvider time, Random random, Func<string, string?> environment, ILogger log)
{
    /// <summary>Outbox rows read per page when recording deliveries.</summary>
    public const int PageSize = 500;

    // A subscription whose secret is missing is logged once per problem, not every pass.
    private readonly ConcurrentDictionary<string, string> _keyProblems = new(StringComparer.Ordinal);

    /// <summary>An HttpClient for deliveries: no redirects (a 3xx is not a delivery), no client-wide timeout (each attempt has its own).</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { UserAgent = { new ProductInfoHeaderValue("rulescore-webhooks", "1") } },
    };

    public async Task<DispatchResult> RunOnceAsync(ScoreDatabase db, WebhookSettings settings, int batch = 200, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(settings);
        var subscriptions = settings.Enabled.ToList();
        var recorded = RecordNew(db, settings);

        var keys = new Dictionary<string, (WebhookSubscription Subscription, byte[]? Key)>(StringComparer.Ordinal);
        foreach (var s in subscriptions)
        {
            var key = s.ResolveKey(environment, out var problem);
            if (problem is not null)
            {
                // Held, not failed: the deliveries wait, pending, until the secret is there.
                if (_keyProblems.TryGetValue(s.Name, out var known) is false || known != problem)
                {
                    _keyProblems[s.Name] = problem;
                    LogKeyProblem(log, s.Name, problem);
                }

                continue;
            }

            _keyProblems.TryRemove(s.Name, out _);
            keys[s.Name] = (s, key);
        }

        var due = db.Deliveries.Due(keys.Keys, time.GetUtcNow(), batch);
        var outcomes = new ConcurrentBag<(StoredDelivery Delivery, Outcome Outcome)>();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.Delivery.Parallel, CancellationToken = cancellationToken },
            async (delivery, ct) =>
            {
                var (subscription, key) = keys[delivery.Subscription];
                outcomes.Add((delivery, await SendAsync(subscription, key, delivery, settings.Delivery.Timeout, ct).ConfigureAwait(false)));
            }).ConfigureAwait(false);

        int delivered = 0, failed = 0, dead = 0;
        var backoff = new RetryBackoff(settings.Delivery, random);
        var records = new List<AttemptOutcome>(outcomes.Count);
        foreach (var (delivery, outcome) in outcomes.OrderBy(o => o.Delivery.Id))
        {
            DateTimeOffset? next = null;
            if (outcome.Delivered)
            {
                delivered++;
            }
            else if (delivery.Attempts + 1 >= settings.Delivery.MaxAttempts)
            {
                dead++;
                LogDead(log, delivery.Id, delivery.WebhookId, delivery.Subscription, delivery.Attempts + 1, outcome.Error ?? "");
            }
            else
            {
                failed++;
                next = outcome.At + backoff.After(delivery.Attempts + 1);
            }

            records.Add(new AttemptOutcome(delivery.Id, outcome.At, outcome.Status, outcome.Error, outcome.ElapsedMs, outcome.Delivered, next));
        }

        db.Deliveries.RecordAttempts(records);

        return new DispatchResult(recorded, delivered, failed, dead, due.Count == batch);
    }

    /// <summary>The first step of a pass alone: a delivery for each new outbox row each enabled subscription wants.</summary>
    public int RecordNew(ScoreDatabase db, WebhookSettings settings)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Enabled.Sum(s => Record(db, s));
    }

    /// <summary>Records a delivery for each outbox row after the subscription's cursor that it wants, page by page.</summary>
    private int Record(ScoreDatabase db, WebhookSubscription subscription)
    {
        var cursor = db.Deliveries.Cursor(subscription.Name);
        var recorded = 0;
        while (db.Scores.ChangesAfter(cursor, PageSize) is { Count: > 0 } changes)
        {
            var deliveries = new List<NewDelivery>();
            foreach (var change in changes)
            {
                if (WebhookEvents.TryParse(change.Kind, out var kind) && subscription.Wants(kind, change.ToTier))
                {
                    var body = WebhookPayload.Build(kind, change, CardOf(db, change), subscription.Format,
                        db.Routing.ForLead(change.LeadId), change.RouteStepId is { } step ? db.Routing.Step(step) : null);
                    deliveries.Add(new NewDelivery("msg_" + Guid.NewGuid().ToString("N"), change.Id, change.LeadId, WebhookEvents.PayloadType(kind), body));
                }
            }

            recorded += db.Deliveries.Enqueue(subscription.Name, deliveries, changes[^1].Id);
            cursor = changes[^1].Id;
        }

        return recorded;
    }

    /// <summary>The card the change was scored with: usually still the lead's current one (one row); else from its history.</summary>
    private static ScoreCard? CardOf(ScoreDatabase db, TierChange change) =>
        db.Scores.Current(change.LeadId) is { } current && current.Id == change.ScoreId
            ? current.Card
            : db.Scores.History(change.LeadId).FirstOrDefault(s => s.Id == change.ScoreId)?.Card;

    private async Task<Outcome> SendAsync(WebhookSubscription subscription, byte[]? key, StoredDelivery delivery, TimeSpan timeout, CancellationToken stopping)
    {
        var at = time.GetUtcNow();
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, delivery.WebhookId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        if (key is not null)
        {
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.WebhookId, timestamp, delivery.Body, key));
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping);
        var started = time.GetTimestamp();
        long Elapsed() => (long)time.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, either.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var ok = response.IsSuccessStatusCode;
            return new Outcome(at, status, ok ? null : $"HTTP {status} {response.ReasonPhrase}".TrimEnd(), Elapsed(), ok);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            return new Outcome(at, null, $"timeout: no answer within {timeout.TotalSeconds:0.#} s", Elapsed(), false);
        }
        catch (HttpRequestException ex)
        {
            return new Outcome(at, null, Describe(ex), Elapsed(), false);
        }
    }

    /// <summary>What went wrong in a few words, then the innermost message (e.g. "connection closed: The response ended prematurely").</summary>
    private static string Describe(HttpRequestException ex)
    {
        var error = ex.HttpRequestError;
        Exception innermost = ex;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (error == HttpRequestError.Unknown && inner is HttpIOException io)
            {
                error = io.HttpRequestError;
            }
            else if (error == HttpRequestError.Unknown && inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted })
            {
                // The receiver (or something between) dropped the connection mid-exchange.
                error = HttpRequestError.ResponseEnded;
            }

            innermost = inner;
        }

        return $"{Describe(error)}: {innermost.Message}";
    }

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.ConnectionError => "connection failed",
        HttpRequestError.ResponseEnded => "connection closed",
        HttpRequestError.NameResolutionError => "host not found",
        HttpRequestError.SecureConnectionError => "TLS failed",
        _ => "request failed",
    };

    private sealed record Outcome(DateTimeOffset At, int? Status, string? Error, long ElapsedMs, bool Delivered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {Subscription} is held: {Problem}; its deliveries wait, pending")]
    private static partial void LogKeyProblem(ILogger logger, string subscription, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {Id} ({WebhookId}) to {Subscription} is dead after {Attempts} attempts: {Error}; re-send with 'rulescore deliveries resend {Id}'")]
    private static partial void LogDead(ILogger logger, long id, string webhookId, string subscription, int attempts, string error);
}
