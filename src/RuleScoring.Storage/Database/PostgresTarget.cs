using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace RuleScoring.Storage.Database;

/// <summary>
/// A PostgreSQL database named where a SQLite path would go (<c>--db</c>, the worker's Database
/// setting): an Npgsql connection string (<c>Host=db;Database=scoring;Username=rs</c>) or a URI
/// (<c>postgresql://rs:secret@db:5432/scoring</c>).
/// </summary>
internal sealed record PostgresTarget(string ConnectionString, string DisplayName)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out PostgresTarget? target)
    {
        target = null;
        NpgsqlConnectionStringBuilder builder;
        if (ScoreDatabase.KindOf(text) != StoreKind.Postgres)
        {
            return false;
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            builder = FromUri(text);
        }
        else
        {
            try
            {
                builder = new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException ex)
            {
                throw new StorageException($"not a valid PostgreSQL connection string: {ex.Message}", ex);
            }
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new StorageException($"postgresql://{builder.Host}:{builder.Port}: the connection string names no database (Database=... or /name in the URI)");
        }

        if (!text.Replace(" ", "", StringComparison.Ordinal).Contains("maxautoprepare", StringComparison.OrdinalIgnoreCase))
        {
            // A rescore sends the same few statements per table for every 1,000-row batch: prepared
            // once per connection, the server parses and plans them once instead of for every row.
            builder.MaxAutoPrepare = 32;
        }

        target = new PostgresTarget(builder.ConnectionString, $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}");
        return true;
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new StorageException($"not a valid PostgreSQL URI: expected postgresql://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user[0]);
        }

        if (user.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(user[1]);
        }

        // Query options pass through as connection-string keywords (?sslmode=require&pooling=false).
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            try
            {
                builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
            }
            catch (ArgumentException ex)
            {
                throw new StorageException($"postgresql://{uri.Host}: unknown option '{kv[0]}' in the URI ({ex.Message})", ex);
            }
        }

        return builder;
    }
}
