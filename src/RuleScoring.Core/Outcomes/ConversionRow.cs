namespace RuleScoring.Core.Outcomes;

/// <summary>
/// One group of leads (a tier, a score band) and how they converted. <see cref="Conversion"/> is
/// won / leads; <see cref="WinRate"/> is won / closed; <see cref="Lift"/> is the group's
/// conversion over the conversion of all leads (1.0 = no better than not scoring at all).
/// </summary>
public sealed record ConversionRow(string Group, int Leads, int Opportunities, int Closed, int Won, double Conversion, double? WinRate, double? Lift);
