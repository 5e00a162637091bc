namespace RuleScoring.Storage.Leads;

/// <summary>What <see cref="LeadStore.Save"/> changed.</summary>
public sealed record LeadSaveResult(int LeadsInserted, int LeadsUpdated, int LeadsUnchanged, int SignalsInserted, int SignalsDuplicate);
