using RuleScoring.Core.Leads;

namespace RuleScoring.SampleData;

/// <summary>
/// One generated lead with what happened to it. <see cref="BuyingQuality"/> is the hidden truth the
/// outcomes were drawn from; a scoring model never sees it, a test may check the model recovers it.
/// </summary>
public sealed record SampleLead(Lead Lead, DateTimeOffset CreatedAt, double BuyingQuality, SampleDeal? Deal, SampleDisposition? Disposition);

/// <summary>An opportunity: <c>won</c>, <c>lost</c>, or <c>open</c> when it had not closed by the end of the period.</summary>
public sealed record SampleDeal(string OpportunityId, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, string Outcome, decimal Amount, string Segment);

/// <summary>Sales' verdict on a handed-over lead: <c>accepted</c> or <c>rejected</c>, with the rep's reason.</summary>
public sealed record SampleDisposition(DateTimeOffset At, string Status, string Reason, string Rep);
