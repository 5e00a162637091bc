using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RuleScoring.Core.Webhooks;
using RuleScoring.Worker;

namespace RuleScoring.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver on loopback (Kestrel): verifies each request's Standard Webhooks signature
/// with the secret, records it, and answers as the test says: a status, a closed connection, or
/// no answer at all until the sender gives up.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>Answer codes besides HTTP statuses.</summary>
    public const int Close = -1;
    public const int Hang = -2;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly WebApplication _app;
    private readonly byte[]? _key;
    private readonly List<ReceivedWebhook> _received = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private WebhookReceiver(byte[]? key)
    {
        _key = key;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/hook", Receive);
    }

    /// <summary>What to answer the n-th request (0-based): an HTTP status, <see cref="Close"/> or <see cref="Hang"/>. 200 unless set.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync(byte[]? key)
    {
        var receiver = new WebhookReceiver(key);
        await receiver._app.StartAsync();
        receiver.Url = new Uri(WorkerHost.ListeningOn(receiver._app)[0] + "/hook");
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests in all have arrived (a hang guard, not a speed check).</summary>
    public async Task WaitForAsync(int count, TimeSpan? patienceLimit = null)
    {
        using var patience = new CancellationTokenSource(patienceLimit ?? Patience);
        while (Received.Count < count)
        {
            await _arrived.WaitAsync(patience.Token);
        }
    }

    private async Task Receive(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        string? Header(string name) => context.Request.Headers[name].FirstOrDefault();
        var (id, timestamp, signature) = (Header(WebhookSignature.IdHeader), Header(WebhookSignature.TimestampHeader), Header(WebhookSignature.SignatureHeader));
        var verified = _key is not null && id is not null && timestamp is not null && signature is not null
            && WebhookSignature.Verify(id, timestamp, body, signature, _key);
        int n;
        lock (_received)
        {
            n = _received.Count;
            _received.Add(new ReceivedWebhook(id, timestamp, signature, body, verified));
        }

        _arrived.Release();
        switch (Answer(n))
        {
            case Close:
                context.Abort();
                break;
            case Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                break;
            case var status:
                context.Response.StatusCode = status;
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}

/// <summary>One request as the receiver saw it, and whether its signature checked out with the secret.</summary>
internal sealed record ReceivedWebhook(string? WebhookId, string? Timestamp, string? Signature, string Body, bool SignatureVerified);
