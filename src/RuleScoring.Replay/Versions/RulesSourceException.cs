namespace RuleScoring.Replay.Versions;

/// <summary>A --base or --head that cannot be read (unknown ref, no git, rules that do not load): exit 2.</summary>
public sealed class RulesSourceException(string message) : Exception(message);
