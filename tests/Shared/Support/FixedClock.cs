using Microsoft.Extensions.Time.Testing;

namespace RuleScoring.Tests.Support;

/// <summary>The instant the tests call now, and a fake clock standing still at it until a test advances it.</summary>
internal static class FixedClock
{
    /// <summary>2026-11-20 12:00 UTC: the as-of time of the scoring tests, the databases' clock, the sample data's end.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Create() => new(Now);
}
