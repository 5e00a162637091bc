using RuleScoring.Core.Leads;
using RuleScoring.Core.Tiers;
using RulesEngine.Models;

namespace RuleScoring.Core.Rules;

/// <summary>The one RulesEngine configuration used both to check expressions at load and to run them.</summary>
internal static class EngineSettings
{
    public static ReSettings Create(bool useFastExpressionCompiler) => new()
    {
        // Only our input types are registered; AutoRegisterInputType would add whatever is passed in.
        CustomTypes = [typeof(LeadFacts), typeof(SignalSet), typeof(SignalFact), typeof(ModelLists), typeof(TierFacts), typeof(Accounts.ContactFacts), typeof(Accounts.AccountFacts), typeof(Routing.RouteCard), typeof(Routing.RouteAccount)],
        AutoRegisterInputType = false,
        EnableExceptionAsErrorMessage = true,
        IgnoreException = false,
        EnableScopedParams = false,
        // We never set ErrorMessage on rules; formatting would only scan every failed rule per call.
        EnableFormattedErrorMessage = false,
        UseFastExpressionCompiler = useFastExpressionCompiler,
    };
}
