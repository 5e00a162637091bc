using Npgsql;
using RuleScoring.Storage.Database;

namespace RuleScoring.Storage.Tests.Database;

/// <summary>How a PostgreSQL database is named where a SQLite file would go, and how messages name it.</summary>
public sealed class PostgresTargetTests
{
    [Theory]
    [InlineData("rulescore.db", StoreKind.Sqlite)]
    [InlineData("/var/lib/rulescoring/scores.db", StoreKind.Sqlite)]
    [InlineData(":memory:", StoreKind.Sqlite)]
    [InlineData("Host=db;Database=scoring;Username=rs", StoreKind.Postgres)]
    [InlineData("host=db;database=scoring", StoreKind.Postgres)]
    [InlineData("postgresql://rs@db/scoring", StoreKind.Postgres)]
    [InlineData("postgres://db/scoring", StoreKind.Postgres)]
    public void KindOf_Target_IsTheStoreItNames(string target, StoreKind expected) => ScoreDatabase.KindOf(target).ShouldBe(expected);

    [Fact]
    public void TryParse_Uri_BecomesAConnectionStringWithUserPortAndOptions_AndADisplayNameWithoutThePassword()
    {
        PostgresTarget.TryParse("postgresql://rs:s%40cret@db.internal:6543/scoring?sslmode=require&timeout=7", out var target).ShouldBeTrue();

        var builder = new NpgsqlConnectionStringBuilder(target!.ConnectionString);
        builder.Host.ShouldBe("db.internal");
        builder.Port.ShouldBe(6543);
        builder.Database.ShouldBe("scoring");
        builder.Username.ShouldBe("rs");
        builder.Password.ShouldBe("s@cret");
        builder.SslMode.ShouldBe(SslMode.Require);
        builder.Timeout.ShouldBe(7);
        target.DisplayName.ShouldBe("postgresql://db.internal:6543/scoring");
    }

    [Theory]
    [InlineData("Host=db;Database=scoring", 32)]
    [InlineData("postgresql://db/scoring", 32)]
    [InlineData("Host=db;Database=scoring;Max Auto Prepare=5", 5)]
    [InlineData("postgresql://db/scoring?maxautoprepare=7", 7)]
    [InlineData("Host=db;Database=scoring;Max Auto Prepare=0", 0)]
    public void TryParse_StatementsArePreparedAutomatically_UnlessTheTargetSaysHowMany(string text, int expected)
    {
        PostgresTarget.TryParse(text, out var target).ShouldBeTrue();

        new NpgsqlConnectionStringBuilder(target!.ConnectionString).MaxAutoPrepare.ShouldBe(expected);
    }

    [Fact]
    public void NameOf_ConnectionStringWithAPassword_NamesServerAndDatabaseOnly()
    {
        ScoreDatabase.NameOf("Host=db;Port=5433;Database=scoring;Username=rs;Password=hunter2").ShouldBe("postgresql://db:5433/scoring");
        ScoreDatabase.NameOf("data/scores.db").ShouldBe("data/scores.db");
    }

    [Theory]
    [InlineData("Host=db;Username=rs", "names no database")]
    [InlineData("postgresql://db:5432/scoring?colour=red", "unknown option 'colour'")]
    [InlineData("Host=db;Database=s;Bogus Keyword=1", "not a valid PostgreSQL connection string")]
    public void Open_BadConnectionString_SaysWhatIsWrongBeforeConnecting(string target, string expected)
    {
        var error = Should.Throw<StorageException>(() => ScoreDatabase.Open(target, TimeProvider.System));

        error.Message.ShouldContain(expected);
    }
}
