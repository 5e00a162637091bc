using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Webhooks;

/// <summary>webhooks.json as read: the settings (null when it has errors) and every problem found, with its line.</summary>
public sealed record WebhookSettingsResult(WebhookSettings? Settings, IReadOnlyList<RuleProblem> Problems)
{
    public IEnumerable<RuleProblem> Errors => Problems.Where(p => p.Severity == RuleProblemSeverity.Error);
}
