namespace RuleScoring.Storage.Import;

/// <summary>
/// Dates out of order, or at odds with what is stored. The impossible ones (a deal closed before
/// it was created, a deal of another lead) are rejected; the others are plausible in a CRM export
/// and stored, with a warning.
/// </summary>
public enum ImportOddityKind
{
    ClosedBeforeCreated,
    DealOfAnotherLead,
    DealAtOrBeforeFirstSignal,
    DealBeforeLead,
    SignalBeforeLead,
    DispositionBeforeLead,
    LeadAfterSignal,
}
