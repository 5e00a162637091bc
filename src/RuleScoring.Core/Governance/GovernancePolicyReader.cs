using System.Text.RegularExpressions;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Governance;

/// <summary>Checks the shape of model.json's <c>governance</c> section and turns it into a <see cref="GovernancePolicy"/>.</summary>
internal static partial class GovernancePolicyReader
{
    /// <param name="fail">Reports a problem; the first argument is the JSON key nearest to it, for the line number.</param>
    public static GovernancePolicy? Read(GovernanceDocument doc, Action<string, string> fail)
    {
        var problems = 0;
        void Fail(string key, string message)
        {
            problems++;
            fail(key, "governance: " + message);
        }

        if (doc.Roles.Count == 0)
        {
            Fail("roles", "roles is empty: name at least one role that approves changes (e.g. marketing, sales)");
        }

        foreach (var role in doc.Roles.Keys.Where(r => !RoleName().IsMatch(r)))
        {
            Fail(role, $"role '{role}' must be lower case letters, digits and '-' (it is written in Approved-by: lines)");
        }

        var classes = new Dictionary<ChangeClass, ApprovalRule>();
        foreach (var (key, classDoc) in doc.Classes)
        {
            if (ChangeClasses.FromKey(key) is not { } changeClass)
            {
                var known = string.Join(", ", ChangeClasses.Configurable.Select(ChangeClasses.Key));
                Fail(key, key == ChangeClasses.Key(ChangeClass.Governance)
                    ? "class 'governance' is fixed (a policy change needs every role) and cannot be configured"
                    : $"unknown change class '{key}' (classes are {known})");
                continue;
            }

            if (classDoc.Approvals.Length == 0)
            {
                Fail(key, $"class '{key}': approvals is empty; name the role(s) that sign off");
            }

            foreach (var role in classDoc.Approvals.Where(r => !doc.Roles.ContainsKey(r)))
            {
                Fail(key, $"class '{key}': approval '{role}' is not one of the roles ({string.Join(", ", doc.Roles.Keys)})");
            }

            if (classDoc.Approvals.Distinct(StringComparer.Ordinal).Count() != classDoc.Approvals.Length)
            {
                Fail(key, $"class '{key}': a role is listed twice in approvals");
            }

            var min = classDoc.MinApprovals ?? classDoc.Approvals.Length;
            if (classDoc.MinApprovals is { } m && (m < 1 || m > classDoc.Approvals.Length))
            {
                Fail(key, $"class '{key}': minApprovals {m} must be between 1 and the number of approvals ({classDoc.Approvals.Length})");
            }

            if (changeClass == ChangeClass.Emergency && classDoc.RetroReviewDays is not ({ } days and >= 1))
            {
                Fail(key, "class 'emergency': retroReviewDays must be at least 1 (an emergency fix is reviewed afterwards by every role in approvals)");
            }
            else if (changeClass != ChangeClass.Emergency && classDoc.RetroReviewDays is not null)
            {
                Fail(key, $"class '{key}': retroReviewDays only applies to the emergency class");
            }

            classes[changeClass] = new ApprovalRule(changeClass, classDoc.Description ?? ChangeClasses.DefaultLabel(changeClass),
                classDoc.Approvals, min, classDoc.RetroReviewDays);
        }

        foreach (var missing in ChangeClasses.Configurable.Where(c => !doc.Classes.ContainsKey(ChangeClasses.Key(c))))
        {
            Fail("classes", $"class '{ChangeClasses.Key(missing)}' ({ChangeClasses.DefaultLabel(missing)}) is missing: every change class needs its approvals");
        }

        return problems > 0 ? null : new GovernancePolicy(doc.Roles, classes);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex RoleName();
}
