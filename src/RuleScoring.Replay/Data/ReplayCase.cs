using RuleScoring.Core.Leads;

namespace RuleScoring.Replay.Data;

/// <summary>
/// One closed deal to replay: what is scored (one lead, or every contact of an account as it
/// was known then), with only the signals before <see cref="AsOf"/>, the point in time it is
/// scored at, how the deal ended, and its segment (when --segment is given).
/// </summary>
internal sealed record ReplayCase(string Id, IReadOnlyList<Lead> Leads, DateTimeOffset AsOf, bool Won, string? Segment, int SignalsLeftOut)
{
    /// <summary>A lead-level case: the deal's lead is all that is scored.</summary>
    public ReplayCase(Lead lead, DateTimeOffset asOf, bool won, string? segment, int signalsLeftOut)
        : this(lead.LeadId, [lead], asOf, won, segment, signalsLeftOut)
    {
    }

    /// <summary>The lead of a lead-level case (calibrate and lead replay work on one lead per deal).</summary>
    public Lead Lead => Leads.Count == 1 && Leads[0].LeadId == Id
        ? Leads[0]
        : throw new InvalidOperationException($"case {Id} is an account with {Leads.Count} contacts, not one lead");
}
