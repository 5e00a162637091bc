using RuleScoring.Storage.Database;

namespace RuleScoring.Worker.Api;

/// <summary>The connection one request opens.</summary>
internal static class ApiStore
{
    // A client is better served by a quick 503 and Retry-After than by a request hanging for the
    // 30 s a command waits behind another writer.
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(3);

    public static ScoreDatabase Open(WorkerOptions options, TimeProvider time) =>
        ScoreDatabase.Open(options.Database, time, create: false, lockWait: LockWait);
}
