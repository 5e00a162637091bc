using RuleScoring.Core.Statistics;

namespace RuleScoring.Storage.Reports;

/// <summary>A rate in each group with its Wilson interval, and pilot minus control with Newcombe's interval.</summary>
public sealed record PilotComparison(string Metric, Interval? Pilot, Interval? Control, Interval? Difference);
