namespace RuleScoring.Tests.Postgres;

/// <summary>The test classes marked <c>[Collection(TestPostgres.Collection)]</c> share <see cref="TestPostgres"/>.</summary>
[CollectionDefinition(TestPostgres.Collection)]
public sealed class PostgresCollection : ICollectionFixture<TestPostgres>
{
}
