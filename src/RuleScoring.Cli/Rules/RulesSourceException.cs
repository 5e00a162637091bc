namespace RuleScoring.Cli.Rules;

/// <summary>A --base or --head that cannot be read (unknown ref, no git, rules that do not load): exit 2.</summary>
internal sealed class RulesSourceException(string message) : Exception(message);
