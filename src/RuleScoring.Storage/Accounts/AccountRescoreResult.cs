namespace RuleScoring.Storage.Accounts;

/// <summary>What one account rescore did: accounts scored, history rows appended (only changed cards), and how long it took.</summary>
public sealed record AccountRescoreResult(int Accounts, int HistoryRows, int TierChanges, TimeSpan Elapsed)
{
    /// <summary>Account cards that carry rule errors (stored with them).</summary>
    public int WithErrors { get; init; }

    /// <summary>The first few of those cards' errors, "account: rule: message".</summary>
    public IReadOnlyList<string> ErrorSamples { get; init; } = [];

    /// <summary>Contacts classified from their lead and card read back, and those taken as classified when their cards were stored.</summary>
    public (int Read, int Fresh) Contacts { get; init; }

    /// <summary>
    /// Contacts taken as classified when their cards were stored (scores_current.contact, kept on
    /// PostgreSQL, where another worker may have scored them): their cards read, not their signals.
    /// </summary>
    public int KeptContacts { get; init; }

    /// <summary>
    /// Leads whose account was taken as the rescore before placed them (<see cref="FreshContacts"/>,
    /// when nothing was written beside it), instead of read from their attributes again.
    /// </summary>
    public int PlacedAsRescored { get; init; }

    /// <summary>Drain: marked accounts passed over because another roll-up or an uncommitted batch held them.</summary>
    public int PassedOver { get; init; }
}
