namespace RuleScoring.Storage.Database;

/// <summary>
/// A table read through a cursor over its ids (signals by the worker, score changes by the
/// outbox, score history by the account step). See <see cref="SqlDialect.AppendingTo"/>.
/// </summary>
internal sealed record AppendLog(string Table, string IdColumn, long Key)
{
    public static AppendLog Signals { get; } = new("signals", "seq", 0x5275_6c65_5301);

    /// <summary>Score history and the outbox are written in the same transactions, so they share one key.</summary>
    public static AppendLog Scores { get; } = new("scores", "id", 0x5275_6c65_5302);

    public static AppendLog ScoreChanges { get; } = Scores with { Table = "score_changes" };
}
