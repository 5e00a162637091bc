namespace RuleScoring.Core.Output;

/// <summary>The exit codes every <c>rulescore</c> command shares, including the replay, calibrate and convert commands the CLI hosts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Findings: invalid rules in <c>validate</c>, rejected rows in <c>import</c>, a failed gate.</summary>
    public const int Findings = 1;
    /// <summary>Usage or input error, including a rules folder that cannot be used for scoring.</summary>
    public const int InputError = 2;
}
