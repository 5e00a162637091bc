using System.Net;
using Microsoft.Extensions.Options;
using RuleScoring.Storage.Database;

namespace RuleScoring.Worker;

/// <summary>Every setting checked at start, each failure a sentence naming the setting.</summary>
internal sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Database))
        {
            failures.Add("Database: a SQLite file path or a PostgreSQL connection string is required");
        }
        else if (ScoreDatabase.KindOf(options.Database) == StoreKind.Sqlite && Path.GetDirectoryName(Path.GetFullPath(options.Database)) is { } folder && !Directory.Exists(folder))
        {
            failures.Add($"Database: the folder '{folder}' does not exist");
        }

        if (string.IsNullOrWhiteSpace(options.Rules) || !Directory.Exists(options.Rules))
        {
            failures.Add($"Rules: the rules folder '{options.Rules}' does not exist");
        }

        if (options.TickInterval < TimeSpan.FromSeconds(1) || options.TickInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"TickInterval: {options.TickInterval} is outside 1 second .. 1 day");
        }

        if (options.DeliveryInterval < TimeSpan.FromMilliseconds(100) || options.DeliveryInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"DeliveryInterval: {options.DeliveryInterval} is outside 0.1 second .. 1 hour");
        }

        if (options.BatchSize is < 1 or > 100_000)
        {
            failures.Add($"BatchSize: {options.BatchSize} is outside 1 .. 100000");
        }

        if (options.Port is < 0 or > 65_535)
        {
            failures.Add($"Port: {options.Port} is not a TCP port (0 picks a free one)");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"ListenAddress: '{options.ListenAddress}' is not an IP address (127.0.0.1 keeps the API on this machine)");
        }

        if (options.ApiKey is { } key && key.Trim().Length < 16)
        {
            failures.Add(options.ApiKeyFile is { Length: > 0 } file && ApiKeyFile.IsFrom(options, file)
                ? $"ApiKeyFile: the key in '{file}' has fewer than 16 characters"
                : "ApiKey: use at least 16 characters (or leave it unset on a loopback-only API)");
        }

        if (ApiKeyFile.Problem(options) is { } keyFileProblem)
        {
            failures.Add(keyFileProblem);
        }

        // A key is what stands between the network and the write endpoints: an API any other machine
        // can reach never starts without one.
        if (options.Http && string.IsNullOrWhiteSpace(options.ApiKey) && IPAddress.TryParse(options.ListenAddress, out var address) && !IPAddress.IsLoopback(address))
        {
            failures.Add($"ListenAddress: {options.ListenAddress} lets other machines reach the API, which then needs a key: set Worker__ApiKey or --api-key-file (or listen on 127.0.0.1)");
        }

        if (string.IsNullOrWhiteSpace(options.LogDirectory))
        {
            failures.Add("LogDirectory: a folder for the log files is required");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
