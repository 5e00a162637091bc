using Microsoft.Extensions.Time.Testing;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Tests.Support;

/// <summary>A real SQLite file in a throw-away folder, with a fake clock.</summary>
internal sealed class TempDb : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public TempDb()
    {
        Folder = Path.Combine(Path.GetTempPath(), "rulescoring-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DbPath = System.IO.Path.Combine(Folder, "test.db");
        Db = ScoreDatabase.Open(DbPath, Clock);
    }

    public string Folder { get; }

    public string DbPath { get; }

    public FakeTimeProvider Clock { get; } = new(Now);

    public ScoreDatabase Db { get; private set; }

    public string Write(string name, string content)
    {
        var file = Path.Combine(Folder, name);
        File.WriteAllText(file, content);
        return file;
    }

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
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
