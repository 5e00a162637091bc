namespace RuleScoring.Worker.Api;

/// <summary>The body of <c>GET /accounts/{account}</c>: the stored card as its own writer wrote it, and every score, oldest first.</summary>
internal sealed record AccountResponse(string Account, long ScoreId, string? PreviousTier, RawJson Card, IReadOnlyList<AccountHistoryRow> History);

/// <summary>One stored account score; <see cref="AsOf"/> formatted as the cards format times.</summary>
internal sealed record AccountHistoryRow(long ScoreId, string AsOf, string? Tier, string? PreviousTier, decimal Score, string CommitteeCoverage);
