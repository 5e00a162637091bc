namespace RuleScoring.Storage.Database;

/// <summary>
/// How every import kind merges a row into a stored one (ON CONFLICT ... DO UPDATE): a column the
/// row leaves empty (a blank cell, or a column the file does not have) keeps what is stored, so a
/// second file about the same records adds to them and erases nothing.
/// </summary>
internal static class SqlMerge
{
    /// <summary>The SET list: each column takes the incoming value, or keeps the stored one when the incoming is NULL.</summary>
    public static string Set(string table, params string[] columns) =>
        string.Join(", ", columns.Select(c => $"{c} = {Merged(table, c)}"));

    /// <summary>True when the merge changes any of the columns: the DO UPDATE's WHERE, so an unchanged row is a duplicate.</summary>
    public static string Changes(string table, params string[] columns) =>
        $"({string.Join(", ", columns.Select(c => Merged(table, c)))}) IS DISTINCT FROM ({string.Join(", ", columns.Select(c => $"{table}.{c}"))})";

    private static string Merged(string table, string column) => $"COALESCE(excluded.{column}, {table}.{column})";
}
