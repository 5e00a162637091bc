namespace RuleScoring.Core.Routing;

/// <summary>
/// A play of plays.json: what the rep does next for a lead whose strongest reasons include one of
/// <paramref name="Reasons"/> (none: the tier's default play) in one of <paramref name="Tiers"/> (none: any tier).
/// </summary>
public sealed record Play(string Name, IReadOnlyList<string> Reasons, IReadOnlyList<string> Tiers, string TalkTrack, string? Content, string? Sequence);
