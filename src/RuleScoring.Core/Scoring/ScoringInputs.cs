using RuleScoring.Core.Leads;

namespace RuleScoring.Core.Scoring;

/// <summary>
/// What <see cref="LeadScorer.Score(Lead, DateTimeOffset, out ScoringInputs, string?)"/> built a
/// lead's card from: its facts and its signal set as of the card's time. Classifying the same lead
/// as an account contact at that time asks the same questions of the same signals, so it takes
/// these instead of building them again (building the signal set was a quarter of classifying a
/// contact: 2.5 CPU s of a 1M-lead rescore). Only for the thread that scored the lead.
/// </summary>
public sealed class ScoringInputs
{
    internal ScoringInputs(Lead lead, LeadFacts facts, SignalSet signals, DateTimeOffset asOf, IReadOnlyDictionary<string, string[]> groups)
    {
        Lead = lead;
        Facts = facts;
        Signals = signals;
        AsOf = asOf;
        Groups = groups;
    }

    internal Lead Lead { get; }

    internal LeadFacts Facts { get; }

    internal SignalSet Signals { get; }

    internal DateTimeOffset AsOf { get; }

    internal IReadOnlyDictionary<string, string[]> Groups { get; }

    /// <summary>Whether these are the inputs of <paramref name="lead"/> as of <paramref name="asOf"/> under <paramref name="groups"/>.</summary>
    internal bool Fit(Lead lead, DateTimeOffset asOf, IReadOnlyDictionary<string, string[]> groups) =>
        ReferenceEquals(Lead, lead) && AsOf == asOf && AsOf.Offset == asOf.Offset && ReferenceEquals(Groups, groups);
}
