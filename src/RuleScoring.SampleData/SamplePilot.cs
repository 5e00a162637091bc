namespace RuleScoring.SampleData;

/// <summary>
/// A pilot the generated history already ran: leads in the pilot group (by the same hash as
/// <c>rulescore pilot</c> with this share and seed) were routed by score, so sales worked them in
/// half the time, accepted buyers of middling fit too, and won a little more often. The effects
/// are made up for the demo; they change no random draw, so every control lead is as without a pilot.
/// </summary>
public sealed record SamplePilot(double Share, int Seed);
