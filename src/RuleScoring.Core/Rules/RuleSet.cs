using RuleScoring.Core.Accounts;
using RuleScoring.Core.Decay;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Tiers;
using RulesEngine.Models;

namespace RuleScoring.Core.Rules;

/// <summary>A loaded, validated rules folder. Immutable: a new version is a new instance.</summary>
public sealed class RuleSet
{
    internal RuleSet(
        RuleSetIdentity identity,
        string directory,
        IReadOnlyList<DimensionModel> dimensions,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> motions,
        string defaultMotion,
        IReadOnlyDictionary<string, DecayProfile> decayProfiles,
        IReadOnlyDictionary<string, string> signalCatalogue,
        IReadOnlyDictionary<string, string[]> signalGroups,
        ModelLists lists,
        IReadOnlyList<TierRule> tierRules,
        IReadOnlyList<Workflow> workflows,
        IReadOnlyList<RuleProblem> warnings)
    {
        Identity = identity;
        Directory = directory;
        Dimensions = dimensions;
        Motions = motions;
        DefaultMotion = defaultMotion;
        DecayProfiles = decayProfiles;
        SignalCatalogue = signalCatalogue;
        SignalGroups = signalGroups;
        Lists = lists;
        TierRules = tierRules;
        Workflows = workflows;
        Warnings = warnings;
    }

    public RuleSetIdentity Identity { get; }
    public string Directory { get; }
    /// <summary>fit, intent and behavior, in that order.</summary>
    public IReadOnlyList<DimensionModel> Dimensions { get; }
    /// <summary>Composite weights (percent per dimension) by go-to-market motion.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> Motions { get; }
    public string DefaultMotion { get; }
    public IReadOnlyDictionary<string, DecayProfile> DecayProfiles { get; }
    /// <summary>Known signal types and their descriptions.</summary>
    public IReadOnlyDictionary<string, string> SignalCatalogue { get; }
    public IReadOnlyDictionary<string, string[]> SignalGroups { get; }
    public ModelLists Lists { get; }
    public IReadOnlyList<TierRule> TierRules { get; }
    public IReadOnlyList<RuleProblem> Warnings { get; }
    internal IReadOnlyList<Workflow> Workflows { get; }

    /// <summary>Who approves which kind of change; null when model.json has no <c>governance</c> section.</summary>
    public GovernancePolicy? Governance { get; internal init; }

    /// <summary>Rules present in the workflow files with <c>"Enabled": false</c>: kept for the record, never evaluated.</summary>
    public IReadOnlyList<string> DisabledRules { get; internal init; } = [];

    /// <summary>The account model (model.json's accounts section and account.json); null when the folder has none.</summary>
    public AccountModel? Accounts { get; internal init; }

    /// <summary>routing.json with teams.json; null when the folder has neither.</summary>
    public Routing.RoutingModel? Routing { get; internal init; }

    /// <summary>plays.json; null when the folder has none.</summary>
    public Routing.PlayBook? Plays { get; internal init; }

    /// <summary>Thresholds for reports (the fit x intent matrix); null when model.json has no <c>reports</c> section.</summary>
    public ReportThresholds? Reports { get; internal init; }

    /// <summary>Where the report's conversion-by-band table splits the composite (model.json's <c>bands</c>).</summary>
    public CompositeBandSetting Bands { get; internal init; } = CompositeBandSetting.Default;

    /// <summary>Lead attributes model.json declares leaky (written during or after the sales process): rules never read them; baselines and reports leave them out unless asked.</summary>
    public IReadOnlySet<string> LeakyFields { get; internal init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Each file's JSON as it was hashed, so the differ can name a change its typed comparisons do
    /// not cover. Elements, not nodes: a rule set is shared across threads and a JsonNode is not.
    /// </summary>
    internal IReadOnlyDictionary<string, System.Text.Json.JsonElement> Content { get; init; } = new Dictionary<string, System.Text.Json.JsonElement>();

    public IEnumerable<ScoringRule> ScoringRules => Dimensions.SelectMany(d => d.Rules);
}
