namespace RuleScoring.Storage.Import;

/// <summary>
/// Rows read and what became of them. Read = inserted + updated + duplicate + rejected once the
/// import ends, except under a mapping with fanout "domain": there inserted and duplicate count
/// signals, one per lead of a row's domain.
/// </summary>
public sealed record ImportCounts(long Read, long Inserted, long Updated, long Duplicate, long Rejected, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Read / Elapsed.TotalSeconds : 0;
}
