using System.Data.Common;

namespace RuleScoring.Storage.Worker;

/// <summary>
/// Leads one worker has claimed for scoring, and the open transaction that holds the claim: on
/// PostgreSQL their rows stay locked (other workers pass over them) until <see cref="Commit"/>
/// stores the cards written with <see cref="Scores.ScoreStore.Save"/>. SQLite has one writer at a
/// time anyway, so there the transaction only begins when the cards are stored: holding the file's
/// write lock while scoring would stall the API's writes and reads. Disposing without committing
/// rolls back and frees the leads.
/// </summary>
public sealed class LeadClaim : IDisposable
{
    private readonly DbConnection _connection;
    private DbTransaction? _transaction;

    /// <param name="transaction">The transaction holding the claim, or null to begin one when the cards are stored.</param>
    internal LeadClaim(DbConnection connection, DbTransaction? transaction, IReadOnlyList<string> leadIds, string? lastExamined)
    {
        _connection = connection;
        _transaction = transaction;
        LeadIds = leadIds;
        LastExamined = lastExamined;
    }

    /// <summary>
    /// The last lead the claim's query reached, before leads another worker had just finished were
    /// left out: where the next claim carries on. Null when the query found nothing.
    /// </summary>
    public string? LastExamined { get; }

    /// <summary>The claimed leads that still need what they were claimed for, in id order.</summary>
    public IReadOnlyList<string> LeadIds { get; }

    /// <summary>The claim's transaction if it has begun (reads join it), else null.</summary>
    internal DbTransaction? OpenTransaction => _transaction;

    /// <summary>The claim's transaction, begun now if it has not (writes go in it).</summary>
    internal DbTransaction Transaction => _transaction ??= _connection.BeginTransaction();

    public void Commit() => _transaction?.Commit();

    public void Dispose() => _transaction?.Dispose();
}
