using System.Globalization;
using RuleScoring.Core.Leads;

namespace RuleScoring.Replay.Data;

/// <summary>
/// The point in time each deal is scored at: what the model could have known then. Signals at
/// or after it are left out and decay is measured from it.
/// </summary>
internal sealed record AsOfPolicy(string Name, TimeSpan BeforeClose = default, DateTimeOffset? Fixed = null)
{
    public const string Created = "created";
    public const string Handoff = "handoff";
    public const string CloseMinus = "close-minus";

    public static bool TryParse(string text, out AsOfPolicy policy, out string error)
    {
        policy = new AsOfPolicy(Created);
        error = "";
        text = text.Trim();
        if (text is Created or Handoff)
        {
            policy = new AsOfPolicy(text);
            return true;
        }

        if (text.StartsWith(CloseMinus + ":", StringComparison.Ordinal))
        {
            var days = text[(CloseMinus.Length + 1)..].TrimEnd('d');
            if (int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 3650)
            {
                policy = new AsOfPolicy(text, TimeSpan.FromDays(n));
                return true;
            }

            error = $"--as-of '{text}': use close-minus:Nd with N days (1..3650), e.g. close-minus:30d";
            return false;
        }

        if (Timestamps.TryParse(text, out var at))
        {
            policy = new AsOfPolicy(text, Fixed: at);
            return true;
        }

        error = $"--as-of '{text}': use created (the deal's creation), handoff (the first sales disposition, else creation), close-minus:Nd, or an ISO 8601 date for every deal";
        return false;
    }

    /// <summary>
    /// The as-of time for one deal, or null when the data lacks the date this policy needs. A deal
    /// without a creation date (a won-deals export often has none) is scored as of its lead's
    /// creation under created and handoff: the earliest point the lead is known to have existed.
    /// </summary>
    public DateTimeOffset? For(DateTimeOffset? dealCreated, DateTimeOffset? dealClosed, DateTimeOffset? firstDisposition, DateTimeOffset? leadCreated = null) => Name switch
    {
        _ when Fixed is { } at => at,
        Created => dealCreated ?? leadCreated,
        Handoff => firstDisposition ?? dealCreated ?? leadCreated,
        _ => dealClosed - BeforeClose,
    };

    /// <summary>True when <see cref="For"/> takes the lead's creation because the deal has no date of its own for this policy.</summary>
    public bool FallsBackToLead(DateTimeOffset? dealCreated, DateTimeOffset? firstDisposition, DateTimeOffset? leadCreated) => Fixed is null && leadCreated is not null && Name switch
    {
        Created => dealCreated is null,
        Handoff => firstDisposition is null && dealCreated is null,
        _ => false,
    };

    /// <summary>What a reader of the report needs to know about this policy.</summary>
    public string Describe() => Name switch
    {
        _ when Fixed is not null => $"every deal as of {Name}",
        Created => "each deal as of its creation (else its lead's)",
        Handoff => "each deal as of its first sales disposition (else its creation, else its lead's)",
        _ => $"each deal {BeforeClose.TotalDays:0} days before it closed",
    };
}
