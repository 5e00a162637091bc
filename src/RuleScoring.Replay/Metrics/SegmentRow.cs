namespace RuleScoring.Replay.Metrics;

/// <summary>One value of --segment: its deals, wins, and each version's AUC and top-tier lift within it.</summary>
internal sealed record SegmentRow(string Segment, int Deals, int Won, double? BaseAuc, double? HeadAuc, double? BaseTopTierLift, double? HeadTopTierLift);
