using Dapper;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Demo;

/// <summary>
/// Whether <c>rulescore demo</c> made this database, so running the demo again may replace it and
/// nothing else. The mark is a row in the cursors table, where earlier versions put it too.
/// </summary>
public sealed class DemoStore
{
    private const string Marker = "demo.seed";

    private readonly ScoreDatabase _db;

    internal DemoStore(ScoreDatabase db) => _db = db;

    /// <summary>Marks the database as the demo's, generated with <paramref name="seed"/> at <paramref name="at"/>.</summary>
    public void Mark(int seed, DateTimeOffset at) =>
        _db.Connection.Execute("INSERT INTO cursors (name, position, updated_at) VALUES (@name, @seed, @now)",
            new { name = Marker, seed, now = at });

    public bool IsMarked() =>
        _db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cursors WHERE name = @DemoMarker", new { DemoMarker = Marker }) > 0;
}
