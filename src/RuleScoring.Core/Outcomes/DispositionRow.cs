namespace RuleScoring.Core.Outcomes;

/// <summary>
/// Sales' verdicts on the leads of a tier (the tier the lead had when it was dispositioned).
/// <see cref="FalsePositiveRate"/> is the share sales rejected: leads the model sent that sales
/// did not want. It is the complement of <see cref="AcceptanceRate"/>.
/// </summary>
public sealed record DispositionRow(string Tier, long Accepted, long Rejected, IReadOnlyList<RejectionReason> TopRejectionReasons)
{
    public long Total => Accepted + Rejected;

    public double? AcceptanceRate => Total == 0 ? null : Accepted / (double)Total;

    public double? FalsePositiveRate => Total == 0 ? null : Rejected / (double)Total;
}
