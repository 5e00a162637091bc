namespace RuleScoring.SampleData;

/// <summary>
/// The demo's sales team working follow-up tasks, so speed to lead and SLA compliance read like a
/// team's rather than like nobody's: most tasks are worked, after a delay that is a share of the
/// task's own SLA (log-normal around <see cref="MedianShareOfSla"/>), so no tier name or SLA length
/// is written here. Each task's draw comes from the seed and the task's id alone, so the same seed
/// works the same tasks at the same times whatever order they are seen in. Made up for the demo.
/// </summary>
public sealed class SampleTeam(int seed)
{
    /// <summary>Tasks a rep ever works; the rest go unworked until the lead leaves the tier.</summary>
    public const double WorkedShare = 0.85;

    /// <summary>The median delay as a share of the SLA (about 88 % of worked tasks are in time).</summary>
    public const double MedianShareOfSla = 0.35;

    /// <summary>The spread of the delay (sigma of its logarithm).</summary>
    public const double Spread = 0.9;

    /// <summary>When the task is worked, or null when nobody works it.</summary>
    public DateTimeOffset? WorkedAt(long taskId, DateTimeOffset openedAt, DateTimeOffset dueAt)
    {
        var random = new Random(unchecked(seed * 1_000_003 + (int)taskId * 7_919 + (int)(taskId >> 32)));
        if (random.NextDouble() >= WorkedShare)
        {
            return null;
        }

        // Box-Muller: one standard normal draw.
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var sla = dueAt > openedAt ? dueAt - openedAt : TimeSpan.FromHours(1);
        var share = Math.Min(MedianShareOfSla * Math.Exp(Spread * z), 30);
        return openedAt + TimeSpan.FromSeconds(Math.Round(sla.TotalSeconds * share));
    }
}
