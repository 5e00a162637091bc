namespace RuleScoring.Storage.Reports;

/// <summary>One quadrant of the fit x intent matrix: its leads, and how their deals ended.</summary>
public sealed record FitIntentCell(bool HighFit, bool HighIntent, long Leads, long Won, long Lost)
{
    public double? WinRate => Won + Lost == 0 ? null : Won / (double)(Won + Lost);
}
