using System.Globalization;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Scoring;

/// <summary>
/// A deliberately busy lead built from the model's own catalogue: many signals of every type, with
/// topics and values, spread over two years, and a long tech stack. Every rule must score it within
/// the <see cref="EvaluationBudget"/>, so a rule whose work grows with the square of a lead's
/// signals is refused by validate rather than found in production.
/// </summary>
internal static class WorstCaseLead
{
    /// <summary>Signals on the lead, cycled over the catalogue's types.</summary>
    public const int Signals = 2000;

    public static readonly DateTimeOffset AsOf = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Lead For(RuleSet ruleSet)
    {
        var types = ruleSet.SignalCatalogue.Keys.Order(StringComparer.Ordinal).DefaultIfEmpty("page_view").ToArray();
        var signals = new Signal[Signals];
        for (var i = 0; i < Signals; i++)
        {
            signals[i] = new Signal(types[i % types.Length], AsOf.AddHours(-(i * 8.7)), $"e{i}", $"topic-{i % 50}", i % 100, "worst-case");
        }

        var tech = string.Join(';', Enumerable.Range(0, 200).Select(i => "tool-" + i.ToString(CultureInfo.InvariantCulture)));
        return Lead.Create("worst-case", [new("tech_stack", tech), new("employees", "5000"), new("email", "buyer@example.com")], signals);
    }
}
