namespace RuleScoring.Replay.Adapters;

/// <summary>A dataset that is not where or what the adapter expects: the message names the file, line and column.</summary>
internal sealed class AdapterException(string message) : Exception(message);
