using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Data.Common;
using Dapper;

namespace RuleScoring.Storage.Database;

/// <summary>
/// Applies the numbered scripts in Migrations/ (embedded) that a database has not seen, all in
/// one transaction, and records each in schema_migrations with a checksum. PostgreSQL has the
/// same migrations, numbered alike, in its dialect (Migrations/Postgres).
/// </summary>
internal static class Migrator
{
    public static IReadOnlyList<Migration> All { get; } = LoadEmbedded("Migrations.");

    public static IReadOnlyList<Migration> AllPostgres { get; } = LoadEmbedded("PostgresMigrations.");

    /// <param name="upTo">Stop after this version (tests making a database as an older build left it); null: all.</param>
    /// <returns>The migrations this call applied (none when the database was current).</returns>
    public static IReadOnlyList<Migration> Apply(DbConnection connection, SqlDialect dialect, string databaseName, DateTimeOffset now, int? upTo = null)
    {
        var all = dialect.Kind == StoreKind.Postgres ? AllPostgres : All;

        // SQLite: BEGIN IMMEDIATE (the default here) takes the write lock first; PostgreSQL: a
        // transaction-wide advisory lock (its CREATE TABLE IF NOT EXISTS is not safe to race). Either
        // way two processes opening a new database at once cannot both run the same migration.
        using var transaction = connection.BeginTransaction();
        if (dialect.Kind == StoreKind.Postgres)
        {
            connection.Execute("SELECT pg_advisory_xact_lock(@Key)", new { Key = 0x5275_6c65_4d31 }, transaction);
        }

        connection.Execute($"""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    {(dialect.Kind == StoreKind.Postgres ? "BIGINT" : "INTEGER")} PRIMARY KEY,
                name       TEXT NOT NULL,
                checksum   TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """, transaction: transaction);

        var applied = connection.Query<(long Version, string Name, string Checksum)>(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version", transaction: transaction).ToList();

        var known = all.ToDictionary(m => m.Version);
        foreach (var (version, name, checksum) in applied)
        {
            if (!known.TryGetValue((int)version, out var migration))
            {
                throw new StorageException($"{databaseName}: schema version {version} ({name}) is newer than this rulescore knows (up to {all[^1].Version}); use a newer build");
            }

            if (migration.Checksum != checksum)
            {
                throw new StorageException($"{databaseName}: migration {migration.FileName} was changed after it was applied; add a new migration instead of editing an applied one");
            }
        }

        var pending = all.Where(m => applied.All(a => a.Version != m.Version) && (upTo is null || m.Version <= upTo)).ToList();
        foreach (var migration in pending)
        {
            connection.Execute(migration.Sql, transaction: transaction);
            if (dialect.Kind == StoreKind.Sqlite && migration.Sql.Contains("writable_schema", StringComparison.Ordinal))
            {
                // A script that edited a definition in place: every connection (this one too) must read the schema again.
                var cookie = connection.ExecuteScalar<long>("PRAGMA schema_version", transaction: transaction);
                connection.Execute($"PRAGMA schema_version = {cookie + 1}", transaction: transaction);
            }

            connection.Execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @Now)",
                new { migration.Version, Name = migration.FileName, migration.Checksum, Now = now }, transaction);
        }

        transaction.Commit();
        return pending;
    }

    private static List<Migration> LoadEmbedded(string prefix)
    {
        var assembly = typeof(Migrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var fileName = resource[prefix.Length..];
            var digits = new string(fileName.TakeWhile(char.IsAsciiDigit).ToArray());
            if (digits.Length == 0 || !int.TryParse(digits, out var version))
            {
                throw new InvalidOperationException($"migration {fileName} must start with its number, e.g. 0002_add_x.sql");
            }

            var sql = Read(assembly, resource);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
            migrations.Add(new Migration(version, fileName, sql, checksum));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        // Numbers are unique, not necessarily contiguous: branches written side by side take
        // numbers ahead of each other (0007 on one, 0008 on another) and merge in either order.
        // Each migration is recorded by number, so one that arrives later is applied then.
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"migrations {migrations[i - 1].FileName} and {migrations[i].FileName} have the same number; renumber the newer one");
            }
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    internal sealed record Migration(int Version, string FileName, string Sql, string Checksum);
}
