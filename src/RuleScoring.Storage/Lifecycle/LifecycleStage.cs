namespace RuleScoring.Storage.Lifecycle;

/// <summary>The funnel's stages in order. won and lost share the last rank: both close the funnel.</summary>
public static class LifecycleStage
{
    public const string Inquiry = "inquiry";
    public const string Mql = "mql";
    public const string Sal = "sal";
    public const string Sql = "sql";
    public const string Opportunity = "opportunity";
    public const string Won = "won";
    public const string Lost = "lost";

    /// <summary>The funnel rows, in order (lost is reported beside won).</summary>
    public static readonly IReadOnlyList<string> Funnel = [Inquiry, Mql, Sal, Sql, Opportunity, Won];

    public static int Rank(string stage) => stage switch
    {
        Inquiry => 0,
        Mql => 1,
        Sal => 2,
        Sql => 3,
        Opportunity => 4,
        Won or Lost => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "not a lifecycle stage"),
    };

    public static bool IsClosed(string stage) => stage is Won or Lost;
}
