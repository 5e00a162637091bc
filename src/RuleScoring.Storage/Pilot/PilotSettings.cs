namespace RuleScoring.Storage.Pilot;

/// <summary>How a pilot splits leads: the pilot's share, the hash seed, and the start (leads that entered earlier are not in it).</summary>
public sealed record PilotSettings(double Share, int Seed, DateTimeOffset? From, DateTimeOffset StartedAt);
