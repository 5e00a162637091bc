namespace RuleScoring.Core.Routing;

/// <summary>
/// What a routing rule sees as <c>account</c>: the account the lead rolls up to and who owns it
/// (the rep its contacts were routed to, or the owner the CRM data names).
/// </summary>
public sealed class RouteAccount
{
    public RouteAccount(string key, string? owner, int routedContacts)
    {
        Key = key;
        Owner = owner ?? "";
        RoutedContacts = routedContacts;
    }

    /// <summary>The account key (account_id, else the company domain); "" when the lead has none.</summary>
    public string Key { get; }

    /// <summary>The account's owner (a member id in teams.json), "" when it has none yet.</summary>
    public string Owner { get; }

    public bool HasOwner => Owner.Length > 0;

    /// <summary>How many other contacts of the account were routed before.</summary>
    public int RoutedContacts { get; }

    public static RouteAccount None { get; } = new("", null, 0);
}
