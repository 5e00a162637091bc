using RuleScoring.Core.Accounts;
using RuleScoring.Core.Decay;
using RuleScoring.Core.Governance;

namespace RuleScoring.Core.Rules;

/// <summary>The parts of model.json the workflows are checked against.</summary>
internal sealed record LoadedModel(
    string Name,
    string Version,
    Dictionary<string, DimensionDocument> Dimensions,
    Dictionary<string, Dictionary<string, decimal>> Motions,
    string DefaultMotion,
    Dictionary<string, DecayProfile> DecayProfiles,
    Dictionary<string, SignalTypeDocument> Signals,
    Dictionary<string, string[]> SignalGroups,
    ModelLists Lists,
    HashSet<string> ListNames,
    GovernancePolicy? Governance,
    AccountsSectionDocument? Accounts,
    ReportsDocument? Reports,
    HashSet<string> LeakyFields)
{
    public CompositeBandSetting Bands { get; init; } = CompositeBandSetting.Default;
}
