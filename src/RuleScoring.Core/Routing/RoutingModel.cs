using RulesEngine.Models;

namespace RuleScoring.Core.Routing;

/// <summary>routing.json's rules (in order) with teams.json.</summary>
public sealed class RoutingModel
{
    public const string File = "routing.json";
    public const string WorkflowName = "routing";

    internal RoutingModel(IReadOnlyList<RouteRule> rules, TeamModel teams, Workflow workflow)
    {
        Rules = rules;
        Teams = teams;
        Workflow = workflow;
    }

    public IReadOnlyList<RouteRule> Rules { get; }
    public TeamModel Teams { get; }
    internal Workflow Workflow { get; }
}
