using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Governance;

/// <summary>Checks a <see cref="RuleSetDiff"/> against the base's governance policy and the head's changelog.</summary>
public static class GovernanceReviewer
{
    public static GovernanceReview Review(RuleSetDiff diff, GovernancePolicy? basePolicy, GovernancePolicy? headPolicy, Changelog changelog)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(changelog);
        var problems = new List<RuleProblem>();
        void Error(string file, int? line, string message) => problems.Add(new RuleProblem(RuleProblemSeverity.Error, file, line, null, message));
        void Warn(string file, int? line, string message) => problems.Add(new RuleProblem(RuleProblemSeverity.Warning, file, line, null, message));

        var (from, to) = (diff.Base.Version, diff.Head.Version);
        var versionChanged = !string.Equals(from, to, StringComparison.Ordinal);
        problems.AddRange(changelog.Problems);
        if (!diff.ContentChanged && !versionChanged)
        {
            return new GovernanceReview(diff, basePolicy, changelog.Find(to), [], null, problems);
        }

        var order = SemanticVersion.Compare(to, from);
        if (diff.ContentChanged && !versionChanged)
        {
            Error(RuleSetLoader.ModelFile, null, $"the rules changed but version is still {to}: bump it (e.g. to {SemanticVersion.NextMinor(to)}) and add a changelog entry for the new version");
        }
        else if (order is < 0)
        {
            Error(RuleSetLoader.ModelFile, null, $"version {to} is lower than the base's {from}: versions only go up");
        }

        var entry = changelog.Find(to);
        var file = changelog.File;
        if (!changelog.Exists)
        {
            Error(file, null, $"{file} not found: every rules change needs an entry (## {to} — YYYY-MM-DD, what changed and why, Approved-by: role (name), ...)");
        }
        else if (entry is null)
        {
            Error(file, null, $"no entry for version {to}: add \"## {to} — YYYY-MM-DD\" saying what changed and why, with Approved-by: role (name), ...");
        }

        if (basePolicy is null)
        {
            Warn(RuleSetLoader.ModelFile, null, "the base model.json has no governance section: approvals are not checked for this change");
            return new GovernanceReview(diff, null, entry, [], null, problems);
        }

        var rules = entry?.IsEmergency == true && basePolicy.Classes.TryGetValue(ChangeClass.Emergency, out var emergency)
            ? [emergency, .. diff.Classes.Where(c => c == ChangeClass.Governance).Select(basePolicy.RuleFor)]
            : diff.Classes.Select(basePolicy.RuleFor).ToList();
        var approvals = entry?.ApprovedBy ?? [];
        var requirements = Requirements(rules, basePolicy, approvals);

        if (entry is not null)
        {
            var knownRoles = basePolicy.Roles.Keys.Concat(headPolicy?.Roles.Keys ?? []).ToHashSet(StringComparer.Ordinal);
            foreach (var approval in entry.ApprovedBy.Concat(entry.RetroReviewedBy).Where(a => !knownRoles.Contains(a.Role)))
            {
                Error(file, approval.Line, $"'{approval.Role}' is not a governance role (roles: {string.Join(", ", basePolicy.Roles.Keys)})");
            }

            foreach (var missing in requirements.Where(r => !r.Met))
            {
                var needed = string.Join(", ", missing.NeededFor.Select(c => basePolicy.RuleFor(c).Label));
                Error(file, entry.Line, $"entry {to} lacks approval from {missing.Describe()} (needed for: {needed}); add it to the Approved-by: line");
            }
        }

        DateOnly? due = null;
        if (entry?.IsEmergency == true)
        {
            if (!basePolicy.Classes.TryGetValue(ChangeClass.Emergency, out var rule))
            {
                Error(file, entry.Line, $"entry {to} declares an emergency but the governance policy has no emergency class");
            }
            else
            {
                due = entry.Date.AddDays(rule.RetroReviewDays ?? 0);
                Warn(file, entry.Line, $"emergency fix {to}: retro-review by {string.Join(" + ", rule.Roles)} due by {due:yyyy-MM-dd} (add Retro-reviewed-by: to its entry)");
            }
        }

        if (entry is not null && basePolicy.Classes.TryGetValue(ChangeClass.Emergency, out var emergencyRule))
        {
            CheckRetroReviews(changelog, entry, emergencyRule, (line, message) => Error(file, line, message));
        }

        return new GovernanceReview(diff, basePolicy, entry, requirements, due, problems);
    }

    /// <summary>
    /// An earlier emergency fix whose retro-review window closed before this entry's date blocks
    /// this change until the review is recorded; the changelog dates decide, not the clock, so
    /// the check gives the same answer on every machine.
    /// </summary>
    private static void CheckRetroReviews(Changelog changelog, ChangelogEntry head, ApprovalRule emergency, Action<int, string> error)
    {
        foreach (var old in changelog.Entries.Where(e => e.IsEmergency && !ReferenceEquals(e, head)))
        {
            var due = old.Date.AddDays(emergency.RetroReviewDays ?? 0);
            var missing = emergency.Roles.Where(r => !old.RetroReviewedBy.Any(a => a.Role == r)).ToArray();
            if (due < head.Date && missing.Length > 0)
            {
                error(old.Line, $"emergency fix {old.Version} ({old.Date:yyyy-MM-dd}) was due for retro-review by {due:yyyy-MM-dd}; "
                    + $"missing: {string.Join(", ", missing)} (add Retro-reviewed-by: {string.Join(", ", missing.Select(m => m + " (name)"))})");
            }
        }
    }

    /// <summary>
    /// One requirement per role that some class needs outright (with every class that needs it),
    /// and one "n of these roles" requirement per class that needs only some of its roles.
    /// </summary>
    private static List<ApprovalRequirement> Requirements(IReadOnlyList<ApprovalRule> rules, GovernancePolicy policy, IReadOnlyList<Approval> approvals)
    {
        IReadOnlyList<Approval> Found(IEnumerable<string> roles) =>
            [.. roles.SelectMany(role => approvals.Where(a => a.Role == role).Take(1))];

        var requirements = new List<ApprovalRequirement>();
        foreach (var role in policy.Roles.Keys)
        {
            var neededFor = rules.Where(r => r.NeedsAll && r.Roles.Contains(role, StringComparer.Ordinal)).Select(r => r.Class).ToArray();
            if (neededFor.Length > 0)
            {
                requirements.Add(new ApprovalRequirement([role], 1, neededFor, Found([role])));
            }
        }

        foreach (var rule in rules.Where(r => !r.NeedsAll))
        {
            requirements.Add(new ApprovalRequirement(rule.Roles, rule.MinApprovals, [rule.Class], Found(rule.Roles)));
        }

        return requirements;
    }
}
