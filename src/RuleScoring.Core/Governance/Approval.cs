namespace RuleScoring.Core.Governance;

/// <summary>One sign-off in the changelog: <c>marketing (Dana Whitfield)</c>, on <see cref="Line"/> of CHANGELOG.md.</summary>
public sealed record Approval(string Role, string Name, int Line)
{
    public override string ToString() => $"{Role} ({Name})";
}
