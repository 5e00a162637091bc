using RuleScoring.Core.Leads;

namespace RuleScoring.Replay.Data;

/// <summary>
/// One closed deal to replay: its lead with only the signals before <see cref="AsOf"/>, the
/// point in time it is scored at, how it ended, and its segment (when --segment is given).
/// </summary>
internal sealed record ReplayCase(Lead Lead, DateTimeOffset AsOf, bool Won, string? Segment, int SignalsLeftOut);
