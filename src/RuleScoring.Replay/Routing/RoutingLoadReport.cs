namespace RuleScoring.Replay.Routing;

/// <summary>
/// The routing load section of the replay report: leads a week per queue and per rep under base
/// and head against capacity, and a sentence for each queue head takes over capacity.
/// </summary>
/// <param name="Empty">Why there is nothing to show (account level, no routing on either side, no deal in a routed tier); null when there is.</param>
/// <param name="Base">Base's routing; null when base has no routing.json.</param>
/// <param name="Head">Head's routing; null when head has no routing.json.</param>
/// <param name="FirstWeek">The ISO week of the earliest replayed deal's point in time.</param>
/// <param name="Weeks">Weeks from <paramref name="FirstWeek"/> to <paramref name="LastWeek"/>, both included: the means divide by it.</param>
/// <param name="Reps">The members with the most leads over their capacity in their peak week (head's, else base's), at most <see cref="RoutingLoadBuilder.TopReps"/>.</param>
/// <param name="OverCapacity">"head routes 340 more a week to sdr_emea than base (peak week 2026-W14: 520); capacity 200, exceeded in 9 of 12 weeks".</param>
internal sealed record RoutingLoadReport(string? Empty, VersionRouting? Base, VersionRouting? Head, string FirstWeek, string LastWeek, int Weeks,
    IReadOnlyList<QueueLoad> Queues, IReadOnlyList<RepLoad> Reps, IReadOnlyList<string> OverCapacity)
{
    /// <summary>Leads routed by both versions whose rules chose another queue under head, by from and to queue, the most first.</summary>
    public IReadOnlyList<QueueMove> Moves { get; init; } = [];

    public static RoutingLoadReport Nothing(string why) => new(why, null, null, "", "", 0, [], [], []);

    /// <summary>"390 routed leads go to another queue under head: 387 sdr_us -> sdr_emea, 3 ae_us -> sdr_emea"; null when none does.</summary>
    public string? MovesSentence => MovesText(name => name);

    /// <summary><see cref="MovesSentence"/> with each queue name written by <paramref name="name"/> (escaped for markdown).</summary>
    public string? MovesText(Func<string, string> name) => Moves.Count == 0 ? null
        : $"{RoutingLoadBuilder.Number(Moves.Sum(m => m.Leads))} routed leads go to another queue under head: "
            + string.Join(", ", Moves.Take(3).Select(m => $"{RoutingLoadBuilder.Number(m.Leads)} {name(m.From)} -> {name(m.To)}")) + (Moves.Count > 3 ? ", ..." : "");

    /// <summary>"base has no routing (no routing.json)" when exactly one side has it.</summary>
    public string? MissingSide => (Base, Head) switch
    {
        (null, not null) => "base has no routing (no routing.json): head's load is shown against capacity alone",
        (not null, null) => "head has no routing (no routing.json): base's load is shown against capacity alone",
        _ => null,
    };
}
