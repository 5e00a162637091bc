using System.Data;
using System.Globalization;
using Dapper;

namespace RuleScoring.Storage.Database;

/// <summary>
/// How the database stores yes/no: an integer 0 or 1 (SQLite has no boolean type, and the
/// PostgreSQL schema keeps the same columns). Dapper would send a .NET bool as PostgreSQL's
/// boolean, which an integer column refuses; this handler sends 0/1 and reads either form back.
/// </summary>
internal static class SqlFlag
{
    /// <summary>Dapper's handler for bool (see <see cref="DapperTypes"/>).</summary>
    public static SqlMapper.TypeHandler<bool> Handler { get; } = new FlagHandler();

    private sealed class FlagHandler : SqlMapper.TypeHandler<bool>
    {
        public override void SetValue(IDbDataParameter parameter, bool value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value ? 1L : 0L;
        }

        public override bool Parse(object value) => value switch
        {
            bool flag => flag,
            _ => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
        };
    }
}
