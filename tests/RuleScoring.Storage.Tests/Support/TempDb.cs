using Microsoft.Extensions.Time.Testing;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Tests.Support;

/// <summary>A real SQLite file in a throw-away folder, with a fake clock.</summary>
internal sealed class TempDb : IDisposable
{
    public static readonly DateTimeOffset Now = FixedClock.Now;

    private readonly TempFolder _folder = new("rulescoring-storage-tests");

    public TempDb()
    {
        DbPath = Path.Combine(Folder, "test.db");
        Db = ScoreDatabase.Open(DbPath, Clock);
    }

    public string Folder => _folder.Path;

    public string DbPath { get; }

    public FakeTimeProvider Clock { get; } = FixedClock.Create();

    public ScoreDatabase Db { get; private set; }

    public string Write(string name, string content) => _folder.Write(name, content);

    /// <summary>Closes and opens the file again, as the next process would.</summary>
    public ScoreDatabase Reopen()
    {
        Db.Dispose();
        Db = ScoreDatabase.Open(DbPath, Clock);
        return Db;
    }

    public void Dispose()
    {
        Db.Dispose();
        _folder.Dispose();
    }
}
