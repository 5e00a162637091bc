namespace RuleScoring.Worker;

/// <summary>
/// How the worker runs. Bound from the "Worker" configuration section (appsettings.json,
/// environment variables such as <c>Worker__ApiKey</c>) with <c>rulescore run</c>'s options on top,
/// and validated when the host starts: a bad setting stops it with every problem named.
/// </summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>The SQLite file (created with the schema when missing).</summary>
    public string Database { get; set; } = "rulescore.db";

    /// <summary>The rules folder, watched for edits and re-read each tick.</summary>
    public string Rules { get; set; } = "rules";

    /// <summary>The longest wait between ticks; new signals from the API and rule edits wake the worker sooner.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often webhook delivery looks for new outbox rows and due retries (webhooks.json in the rules folder).</summary>
    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Leads scored and stored per transaction.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Serve the HTTP API.</summary>
    public bool Http { get; set; } = true;

    /// <summary>The address the API listens on: loopback unless someone decides otherwise.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The API's port; 0 picks a free one (logged at start).</summary>
    public int Port { get; set; } = 5080;

    /// <summary>When set, every API call but <c>GET /health</c> must send it in the <c>X-Api-Key</c> header.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// A file holding the API key (its first line), read at start when <see cref="ApiKey"/> is unset: a key
    /// on the command line is visible to every local user in the process list, a file readable by the
    /// service account only is not.
    /// </summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>The largest request body the API reads; a bigger one is answered 413 with the limit in a JSON body.</summary>
    [System.ComponentModel.DataAnnotations.Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 30_000_000;

    /// <summary>Where the rolling log files go (one per day, compact JSON lines).</summary>
    public string LogDirectory { get; set; } = "logs";
}
