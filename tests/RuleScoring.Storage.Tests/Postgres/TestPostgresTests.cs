using Npgsql;
using RuleScoring.Tests.Postgres;
using Xunit.Abstractions;

namespace RuleScoring.Storage.Tests.Postgres;

[Collection(TestPostgres.Collection)]
public sealed class TestPostgresTests(TestPostgres postgres, ITestOutputHelper output)
{
    [SkippableFact]
    public void CreateDatabase_TwoCalls_GiveSeparateEmptyDatabases()
    {
        postgres.SkipUnlessAvailable(output);
        output.WriteLine(postgres.Description);

        var first = postgres.CreateDatabase();
        var second = postgres.CreateDatabase();

        Execute(first, "CREATE TABLE probe (id int PRIMARY KEY)");
        Scalar<bool>(first, "SELECT to_regclass('public.probe') IS NOT NULL").ShouldBeTrue();
        Scalar<bool>(second, "SELECT to_regclass('public.probe') IS NOT NULL").ShouldBeFalse();
        Scalar<string>(first, "SELECT current_database()").ShouldNotBe(Scalar<string>(second, "SELECT current_database()"));
    }

    [SkippableFact]
    public void CreateDatabase_NewDatabase_IsUtf8WithCCollation()
    {
        postgres.SkipUnlessAvailable(output);

        var db = postgres.CreateDatabase();

        Scalar<string>(db, "SELECT version()").ShouldStartWith("PostgreSQL ");
        Scalar<string>(db, "SELECT datcollate FROM pg_database WHERE datname = current_database()").ShouldBe("C");
        Scalar<string>(db, "SHOW server_encoding").ShouldBe("UTF8");
        // C collation sorts by code point, as SQLite's BINARY does: 'B' before 'a'.
        Scalar<string>(db, "SELECT string_agg(x, '' ORDER BY x) FROM (VALUES ('a'), ('B')) v(x)").ShouldBe("Ba");
    }

    [SkippableFact]
    public void CreateDatabase_ConstraintViolation_ErrorCarriesTheDetail()
    {
        postgres.SkipUnlessAvailable(output);
        var db = postgres.CreateDatabase();
        Execute(db, "CREATE TABLE probe (id int PRIMARY KEY); INSERT INTO probe VALUES (7)");

        var error = Should.Throw<PostgresException>(() => Execute(db, "INSERT INTO probe VALUES (7)"));

        // Npgsql hides the row values unless Include Error Detail is on.
        error.Detail.ShouldBe("Key (id)=(7) already exists.");
    }

    [SkippableFact]
    public void CreateDatabase_CalledFromManyThreads_GivesDistinctWorkingDatabases()
    {
        postgres.SkipUnlessAvailable(output);

        var databases = new string[8];
        Parallel.For(0, databases.Length, i => databases[i] = postgres.CreateDatabase());

        databases.Select(db => Scalar<string>(db, "SELECT current_database()")).Distinct().Count().ShouldBe(databases.Length);
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }
}
