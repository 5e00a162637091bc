namespace RuleScoring.Storage.Outcomes;

/// <summary>A won or lost deal, with the lead's first disposition (any deal's lead may have one).</summary>
public sealed record ClosedDeal(string LeadId, string Outcome, DateTimeOffset? CreatedAt, DateTimeOffset? ClosedAt, string? Segment, DateTimeOffset? FirstDisposition)
{
    public bool Won => Outcome == "won";
}
