using Dapper;

namespace RuleScoring.Storage.Database;

/// <summary>
/// How values cross into SQL for both stores: timestamps as fixed-width text (<see cref="SqlTimestamp"/>),
/// yes/no as 0/1 (<see cref="SqlFlag"/>). Registered once per process, before the first query.
/// </summary>
internal static class DapperTypes
{
    // Dapper's type maps are copy-on-write without a lock: two registrations running at once (two
    // threads opening their first database) can each undo the other's change, so they run under one.
    private static readonly Lock Gate = new();
    private static bool _registered;

    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            Replace(SqlTimestamp.Handler);
            Replace(SqlFlag.Handler);
            _registered = true;
        }
    }

    // Dapper maps these types itself and would never call a handler for parameters
    // (DapperLib/Dapper#1780); without the map entries it does, for the nullable form too.
    private static void Replace<T>(SqlMapper.TypeHandler<T> handler)
        where T : struct
    {
        SqlMapper.RemoveTypeMap(typeof(T));
        SqlMapper.RemoveTypeMap(typeof(T?));
        SqlMapper.AddTypeHandler(handler);
    }
}
