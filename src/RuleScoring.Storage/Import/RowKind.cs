using System.Data.Common;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Import;

/// <summary>
/// What one kind of file holds, for the <see cref="ImportPipeline{TRow}"/>: how a mapped row
/// becomes a <typeparamref name="TRow"/>, and how a batch of them is checked against what is
/// stored and written.
/// </summary>
internal abstract class RowKind<TRow>
{
    /// <exception cref="RowRejectedException">A value the row cannot hold.</exception>
    public abstract TRow Parse(Dictionary<string, string> row, DateTimeOffset now);

    /// <summary>
    /// Checks the batch, in line order, against what is stored (and the rows before it), rejects
    /// or warns through <paramref name="findings"/>, and writes the rest inside the transaction.
    /// </summary>
    public abstract WriteCounts Store(ScoreDatabase db, DbTransaction transaction, List<ImportRow<TRow>> rows, ImportFindings findings);

    /// <summary>What account-level rows fanned out to, for a kind that fans out.</summary>
    public virtual DomainFanOutCounts? FanOut => null;
}
