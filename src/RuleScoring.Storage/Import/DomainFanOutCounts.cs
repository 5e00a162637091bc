namespace RuleScoring.Storage.Import;

/// <summary>
/// What an account-level signals file (a mapping with fanout "domain") became: rows of domains
/// with leads and the signals they gave (one per lead of the domain), and the rows of domains
/// without leads, which are among the rejected.
/// </summary>
public sealed record DomainFanOutCounts(long Rows, int Domains, long Signals, int Leads, long RowsWithoutLeads, int DomainsWithoutLeads);
