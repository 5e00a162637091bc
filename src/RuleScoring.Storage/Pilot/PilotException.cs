namespace RuleScoring.Storage.Pilot;

/// <summary>A pilot run that would change how leads are split (another share, seed or start than the pilot was started with).</summary>
public sealed class PilotException : Exception
{
    public PilotException()
    {
    }

    public PilotException(string message)
        : base(message)
    {
    }

    public PilotException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
