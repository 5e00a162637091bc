using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Accounts;

/// <summary>Which account a lead rolls up to.</summary>
public static class AccountKey
{
    public const string AccountIdAttribute = "account_id";

    /// <summary>
    /// The explicit <c>account_id</c> attribute when present (a CRM's own account link wins);
    /// else the company domain (the <c>domain</c> attribute, else the email's domain, lower
    /// case, without "www."). Null when there is none or it is on the model's free-mail list:
    /// two gmail.com leads are not one company.
    /// </summary>
    /// <summary>
    /// The lead's company domain as rules see it (<c>lead.EmailDomain</c>): the <c>domain</c>
    /// attribute, else the email's domain, lower case, without "www."; "" when there is none.
    /// Account-level feeds (a topic surge per domain) reach a lead through this.
    /// </summary>
    public static string Domain(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return new LeadFacts(lead).EmailDomain;
    }

    /// <summary>A domain written by a feed or a person, normalised as <see cref="Domain"/> is: trimmed, lower case, without "www.".</summary>
    public static string NormaliseDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var d = domain.Trim().ToLowerInvariant();
        return d.StartsWith("www.", StringComparison.Ordinal) ? d[4..] : d;
    }

    public static string? For(Lead lead, AccountModel model, ModelLists lists)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(lists);
        if (lead.Attributes.TryGetValue(AccountIdAttribute, out var id) && !string.IsNullOrWhiteSpace(id))
        {
            return id.Trim().ToLowerInvariant();
        }

        var domain = new LeadFacts(lead).EmailDomain;
        return domain.Length == 0 || lists.EndsWith(model.FreeMailList, domain) ? null : domain;
    }
}
