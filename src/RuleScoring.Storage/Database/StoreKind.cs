namespace RuleScoring.Storage.Database;

/// <summary>Which database holds the store: the embedded SQLite file, or a PostgreSQL server.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}
