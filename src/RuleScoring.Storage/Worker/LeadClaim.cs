using System.Data.Common;

namespace RuleScoring.Storage.Worker;

/// <summary>
/// Leads one worker has claimed for scoring, and the open transaction that holds the claim: on
/// PostgreSQL their rows stay locked (other workers pass over them) until <see cref="Commit"/>
/// stores the cards written with <see cref="Scores.ScoreStore.Save"/>; on SQLite the transaction
/// holds the file's one write lock. Disposing without committing rolls back and frees the leads.
/// </summary>
public sealed class LeadClaim : IDisposable
{
    internal LeadClaim(DbTransaction transaction, IReadOnlyList<string> leadIds, string? lastExamined)
    {
        Transaction = transaction;
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

    internal DbTransaction Transaction { get; }

    public void Commit() => Transaction.Commit();

    public void Dispose() => Transaction.Dispose();
}
