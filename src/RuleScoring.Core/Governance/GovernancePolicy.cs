namespace RuleScoring.Core.Governance;

/// <summary>model.json's <c>governance</c> section: the roles that approve rule changes and what each change class needs.</summary>
public sealed class GovernancePolicy
{
    internal GovernancePolicy(IReadOnlyDictionary<string, string> roles, IReadOnlyDictionary<ChangeClass, ApprovalRule> classes)
    {
        Roles = roles;
        Classes = classes;
    }

    /// <summary>Role name (as an <c>Approved-by:</c> line writes it) to who holds it.</summary>
    public IReadOnlyDictionary<string, string> Roles { get; }

    public IReadOnlyDictionary<ChangeClass, ApprovalRule> Classes { get; }

    /// <summary>The rule for a class; a change to the policy itself needs every role.</summary>
    public ApprovalRule RuleFor(ChangeClass changeClass) =>
        changeClass == ChangeClass.Governance
            ? new ApprovalRule(ChangeClass.Governance, ChangeClasses.DefaultLabel(ChangeClass.Governance), [.. Roles.Keys], Roles.Count, null)
            : Classes.TryGetValue(changeClass, out var rule) ? rule
            : changeClass == ChangeClass.Routing
                // Who works a lead is sales ops' call (the playbook's routing owner) unless the policy names the class.
                ? new ApprovalRule(ChangeClass.Routing, ChangeClasses.DefaultLabel(ChangeClass.Routing), Roles.ContainsKey("sales") ? ["sales"] : [.. Roles.Keys],
                    Roles.ContainsKey("sales") ? 1 : Roles.Count, null)
            : changeClass == ChangeClass.Delivery
                // Sending lead data somewhere new is everyone's business unless the policy names the class.
                ? new ApprovalRule(ChangeClass.Delivery, ChangeClasses.DefaultLabel(ChangeClass.Delivery), [.. Roles.Keys], Roles.Count, null)
                : Classes[changeClass];

    /// <summary>The policy written back in model.json's shape, so two policies compare (and diff) by content.</summary>
    public IEnumerable<(string Key, string Value)> Describe()
    {
        foreach (var (role, holder) in Roles)
        {
            yield return ($"role {role}", holder);
        }

        foreach (var (changeClass, rule) in Classes.OrderBy(c => c.Key))
        {
            var retro = rule.RetroReviewDays is { } days ? $", retro-review within {days} days" : "";
            yield return ($"class {ChangeClasses.Key(changeClass)}", $"{rule.Describe()}{retro} ({rule.Label})");
        }
    }
}
