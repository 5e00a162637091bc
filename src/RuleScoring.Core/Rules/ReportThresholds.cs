namespace RuleScoring.Core.Rules;

/// <summary>model.json's <c>reports</c> section: where the fit x intent matrix splits high from low (scores 0-100).</summary>
public sealed record ReportThresholds(decimal HighFit, decimal HighIntent);
