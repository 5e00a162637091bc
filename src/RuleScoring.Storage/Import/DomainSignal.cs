using RuleScoring.Storage.Leads;

namespace RuleScoring.Storage.Import;

/// <summary>An account-level signal row: the normalised domain, and the signal with an empty lead id until it fans out.</summary>
internal sealed record DomainSignal(string Domain, SignalWrite Signal);
