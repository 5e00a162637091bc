namespace RuleScoring.Replay.Metrics;

/// <summary>Deals that were in <see cref="BaseTier"/> under base and in <see cref="HeadTier"/> under head, and how many were won.</summary>
internal sealed record MigrationCell(string BaseTier, string HeadTier, int Deals, int Won);
