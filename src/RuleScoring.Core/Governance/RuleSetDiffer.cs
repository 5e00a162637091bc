using System.Globalization;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Decay;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Governance;

/// <summary>
/// Compares two loaded rule sets field by field and classes every change for review:
/// anything touching a negative or disqualifying rule (or a list one reads) is
/// <see cref="ChangeClass.Disqualifiers"/>; tier rules and dimension caps are
/// <see cref="ChangeClass.Thresholds"/>; rules or signal types added or removed are
/// <see cref="ChangeClass.NewSignal"/>; the rest of an existing signal's scoring is
/// <see cref="ChangeClass.Weights"/>. What no typed comparison covers is still named, by
/// <see cref="RuleSetContentDiffer"/>, and never as a change without effect.
/// </summary>
public static class RuleSetDiffer
{
    public static RuleSetDiff Compare(RuleSet @base, RuleSet head)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(head);
        var changes = new List<RuleChange>();
        CompareScoringRules(@base, head, changes);
        CompareTierRules(@base.TierRules, head.TierRules, changes, RuleSetLoader.TiersFile);
        CompareAccounts(@base.Accounts, head.Accounts, changes);
        // Report thresholds move no score, but they decide what a reviewer reads as "high": sign off like thresholds.
        Field("highFit / highIntent", Reports(@base.Reports), Reports(head.Reports),
            (field, from, to) => changes.Add(new RuleChange(ChangeArea.Model, "reports", field, from, to, ChangeClass.Thresholds)));
        CompareDimensions(@base, head, changes);
        CompareMotions(@base, head, changes);
        CompareDecayProfiles(@base.DecayProfiles, head.DecayProfiles, changes);
        CompareLists(@base, head, changes);
        CompareSignals(@base, head, changes);
        CompareGovernance(@base.Governance, head.Governance, changes);
        if (@base.Identity.Name != head.Identity.Name)
        {
            changes.Add(new RuleChange(ChangeArea.Model, "model", "name", @base.Identity.Name, head.Identity.Name, ChangeClass.Weights));
        }

        RuleSetContentDiffer.Compare(@base, head, changes);
        return new RuleSetDiff(@base.Identity, head.Identity, changes);
    }

    /// <summary>
    /// What <see cref="CompareScoringRules"/> compares on a rule present on both sides, in the order
    /// changes are listed: the rule's place (its dimension), its Expression (no <c>Show</c>: compared
    /// term by term) and each of its Properties. A property the loader accepts and this list misses
    /// is still named by the content comparison, as "changed: Properties.x" that may move scores.
    /// </summary>
    internal static readonly IReadOnlyList<ComparedField<ScoringRule>> ScoringFields =
    [
        new("dimension", null, r => r.Dimension),
        new("points", "points", r => Number(r.Points)),
        new("disqualify", "disqualify", r => Flag(r.Disqualify)),
        new("expression", null, null),
        new("reason", "reason", r => r.ReasonTemplate),
        new("evidence", "evidence", r => string.Join(", ", r.Evidence)),
        new("window", "window", r => Days(r.WindowDays)),
        new("decay", "decay", r => r.Decay?.Name ?? "none"),
        new("per", "per", r => Counting(r.Counting)),
        new("max", "max", r => r.Max?.ToString(CultureInfo.InvariantCulture) ?? "-"),
    ];

    /// <summary>What <see cref="CompareTierRules"/> compares on a tier rule (of tiers.json or account.json) present on both sides.</summary>
    internal static readonly IReadOnlyList<ComparedField<TierRule>> TierFields =
    [
        new("expression", null, null),
        new("tier", "tier", r => r.Tier),
        new("mql", "mql", r => Flag(r.Mql)),
        new("sql", "sql", r => Flag(r.Sql)),
        new("sla", "sla", r => r.SlaText),
        new("slaClock", "slaClock", r => r.Clock == SlaClock.Business ? "business" : "wall"),
        new("salesAction", "salesAction", r => r.SalesAction),
        new("marketingAction", "marketingAction", r => r.MarketingAction),
        new("kpi", "kpi", r => r.Kpi ?? "-"),
    ];

    /// <summary>What <see cref="CompareAccounts"/> compares on an account.json scoring rule present on both sides.</summary>
    internal static readonly IReadOnlyList<ComparedField<AccountRule>> AccountScoringFields =
    [
        new("points", "points", r => Number(r.Points)),
        new("expression", null, null),
        new("reason", "reason", r => r.ReasonTemplate),
    ];

    /// <summary>Negative points take something away from a lead: sales and marketing both own that.</summary>
    internal static bool IsDisqualifier(ScoringRule? rule) => rule is not null && (rule.Disqualify || rule.Points < 0);

    private static void CompareScoringRules(RuleSet @base, RuleSet head, List<RuleChange> changes)
    {
        var before = @base.ScoringRules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var after = head.ScoringRules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var rule in head.ScoringRules)
        {
            before.TryGetValue(rule.Name, out var old);
            var changeClass = IsDisqualifier(rule) || IsDisqualifier(old) ? ChangeClass.Disqualifiers : ChangeClass.Weights;
            void Add(string field, string? from, string? to) =>
                changes.Add(new RuleChange(ChangeArea.ScoringRule, rule.Name, field, from, to, changeClass));

            if (old is null)
            {
                var enabled = @base.DisabledRules.Contains(rule.Name, StringComparer.Ordinal);
                changes.Add(new RuleChange(ChangeArea.ScoringRule, rule.Name, enabled ? "enabled" : "added", enabled ? "disabled" : null, Summary(rule),
                    IsDisqualifier(rule) ? ChangeClass.Disqualifiers : ChangeClass.NewSignal));
                continue;
            }

            foreach (var field in ScoringFields)
            {
                if (field.Show is { } show)
                {
                    Field(field.Name, show(old), show(rule), Add);
                    continue;
                }

                foreach (var (from, to, _) in ExpressionDelta.Between(old.Expression, rule.Expression))
                {
                    Add("expression", from, to);
                }
            }
        }

        foreach (var old in @base.ScoringRules.Where(r => !after.ContainsKey(r.Name)))
        {
            var disabled = head.DisabledRules.Contains(old.Name, StringComparer.Ordinal);
            changes.Add(new RuleChange(ChangeArea.ScoringRule, old.Name, disabled ? "disabled" : "removed", Summary(old), disabled ? "disabled" : null,
                IsDisqualifier(old) ? ChangeClass.Disqualifiers : ChangeClass.NewSignal));
        }
    }

    /// <summary>
    /// The account model: its rules' points are weights, anything that decides who counts
    /// (engaged, researching, roles, free-mail list, cap, numbers in expressions) and its tiers
    /// are thresholds; a new or removed account rule is a new signal category.
    /// </summary>
    private static void CompareAccounts(AccountModel? @base, AccountModel? head, List<RuleChange> changes)
    {
        if (@base is null && head is null)
        {
            return;
        }

        if (@base is null || head is null)
        {
            changes.Add(new RuleChange(ChangeArea.Model, AccountModel.File, @base is null ? "added" : "removed",
                @base is null ? null : "account model", head is null ? null : "account model", ChangeClass.Thresholds));
            return;
        }

        void Model(string field, string? from, string? to) =>
            changes.Add(new RuleChange(ChangeArea.Model, "accounts", field, from, to, ChangeClass.Thresholds));
        Field("freeMailList", @base.FreeMailList, head.FreeMailList, Model);
        Field("cap", Number(@base.Cap), Number(head.Cap), Model);
        Field("engaged", @base.EngagedExpression, head.EngagedExpression, Model);
        Field("researching", @base.ResearchingExpression, head.ResearchingExpression, Model);
        Field("roles", string.Join(" | ", @base.Roles.Select(r => $"{r.Name}: {r.Expression}")), string.Join(" | ", head.Roles.Select(r => $"{r.Name}: {r.Expression}")), Model);

        var before = @base.Rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var after = head.Rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var rule in head.Rules)
        {
            if (!before.TryGetValue(rule.Name, out var old))
            {
                changes.Add(new RuleChange(ChangeArea.ScoringRule, rule.Name, "added", null, $"{Number(rule.Points)} pts when {rule.Expression}", ChangeClass.NewSignal));
                continue;
            }

            void Add(string field, string? from, string? to) =>
                changes.Add(new RuleChange(ChangeArea.ScoringRule, rule.Name, field, from, to, field == "points" || field == "reason" ? ChangeClass.Weights : ChangeClass.Thresholds));
            foreach (var field in AccountScoringFields)
            {
                if (field.Show is { } show)
                {
                    Field(field.Name, show(old), show(rule), Add);
                    continue;
                }

                foreach (var (from, to, numbersOnly) in ExpressionDelta.Between(old.Expression, rule.Expression))
                {
                    Add(numbersOnly ? "threshold" : "expression", from, to);
                }
            }
        }

        foreach (var old in @base.Rules.Where(r => !after.ContainsKey(r.Name)))
        {
            changes.Add(new RuleChange(ChangeArea.ScoringRule, old.Name, "removed", $"{Number(old.Points)} pts when {old.Expression}", null, ChangeClass.NewSignal));
        }

        CompareTierRules(@base.TierRules, head.TierRules, changes, AccountModel.File);
    }

    private static void CompareTierRules(IReadOnlyList<TierRule> @base, IReadOnlyList<TierRule> head, List<RuleChange> changes, string file)
    {
        var before = @base.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var after = head.ToDictionary(r => r.Name, StringComparer.Ordinal);
        void Add(string subject, string field, string? from, string? to) =>
            changes.Add(new RuleChange(ChangeArea.TierRule, subject, field, from, to, ChangeClass.Thresholds));

        foreach (var rule in head)
        {
            if (!before.TryGetValue(rule.Name, out var old))
            {
                Add(rule.Name, "added", null, TierSummary(rule));
                continue;
            }

            foreach (var field in TierFields)
            {
                if (field.Show is { } show)
                {
                    Field(field.Name, show(old), show(rule), (f, from, to) => Add(rule.Name, f, from, to));
                    continue;
                }

                foreach (var (from, to, numbersOnly) in ExpressionDelta.Between(old.Expression, rule.Expression))
                {
                    Add(rule.Name, numbersOnly ? "threshold" : "expression", from, to);
                }
            }
        }

        foreach (var old in @base.Where(r => !after.ContainsKey(r.Name)))
        {
            Add(old.Name, "removed", TierSummary(old), null);
        }

        // The first matching tier rule wins, so reordering alone can move leads between tiers.
        var oldOrder = @base.Select(r => r.Name).Where(after.ContainsKey).ToArray();
        var newOrder = head.Select(r => r.Name).Where(before.ContainsKey).ToArray();
        if (!oldOrder.SequenceEqual(newOrder, StringComparer.Ordinal))
        {
            Add(file, "order", string.Join(", ", oldOrder), string.Join(", ", newOrder));
        }
    }

    private static void CompareDimensions(RuleSet @base, RuleSet head, List<RuleChange> changes)
    {
        foreach (var dimension in head.Dimensions)
        {
            if (@base.Dimensions.FirstOrDefault(d => d.Name == dimension.Name) is not { } old)
            {
                continue;
            }

            // The cap normalises raw points to 0-100, which is what tier thresholds compare against.
            Field("cap", Number(old.Cap), Number(dimension.Cap), (f, a, b) => changes.Add(new RuleChange(ChangeArea.Dimension, dimension.Name, f, a, b, ChangeClass.Thresholds)));
            Field("decay", old.Decay.Name, dimension.Decay.Name, (f, a, b) => changes.Add(new RuleChange(ChangeArea.Dimension, dimension.Name, f, a, b, ChangeClass.Weights)));
        }
    }

    private static void CompareMotions(RuleSet @base, RuleSet head, List<RuleChange> changes)
    {
        void Add(string subject, string field, string? from, string? to) =>
            changes.Add(new RuleChange(ChangeArea.Motion, subject, field, from, to, ChangeClass.Weights));

        foreach (var (motion, weights) in head.Motions)
        {
            if (!@base.Motions.TryGetValue(motion, out var old))
            {
                Add(motion, "added", null, Weights(weights));
                continue;
            }

            foreach (var (dimension, weight) in weights)
            {
                Field($"{dimension} weight", old.TryGetValue(dimension, out var w) ? Number(w) : "-", Number(weight), (f, a, b) => Add(motion, f, a, b));
            }
        }

        foreach (var (motion, weights) in @base.Motions.Where(m => !head.Motions.ContainsKey(m.Key)))
        {
            Add(motion, "removed", Weights(weights), null);
        }

        Field("defaultMotion", @base.DefaultMotion, head.DefaultMotion, (f, a, b) => Add("model", f, a, b));
    }

    private static void CompareDecayProfiles(IReadOnlyDictionary<string, DecayProfile> @base, IReadOnlyDictionary<string, DecayProfile> head, List<RuleChange> changes)
    {
        void Add(string subject, string field, string? from, string? to) =>
            changes.Add(new RuleChange(ChangeArea.DecayProfile, subject, field, from, to, ChangeClass.Weights));

        foreach (var (name, profile) in head)
        {
            if (!@base.TryGetValue(name, out var old))
            {
                Add(name, "added", null, Steps(profile));
            }
            else
            {
                Field("steps", Steps(old), Steps(profile), (f, a, b) => Add(name, f, a, b));
            }
        }

        foreach (var (name, profile) in @base.Where(p => !head.ContainsKey(p.Key)))
        {
            Add(name, "removed", Steps(profile), null);
        }
    }

    private static void CompareLists(RuleSet @base, RuleSet head, List<RuleChange> changes)
    {
        // A list a disqualifier reads (competitor domains, academic domains) is part of that disqualifier.
        var disqualifierExpressions = @base.ScoringRules.Concat(head.ScoringRules).Where(IsDisqualifier).Select(r => r.Expression).ToArray();
        ChangeClass ClassOf(string list) =>
            disqualifierExpressions.Any(e => e.Contains($"\"{list}\"", StringComparison.Ordinal)) ? ChangeClass.Disqualifiers : ChangeClass.Weights;
        void Add(string list, string field, string? from, string? to) =>
            changes.Add(new RuleChange(ChangeArea.List, list, field, from, to, ClassOf(list)));

        var before = @base.Lists.Entries;
        var after = head.Lists.Entries;
        foreach (var (name, entries) in after)
        {
            if (!before.TryGetValue(name, out var old))
            {
                Add(name, "added", null, string.Join(", ", entries));
                continue;
            }

            var oldSet = old.Select(Key).ToHashSet(StringComparer.Ordinal);
            var newSet = entries.Select(Key).ToHashSet(StringComparer.Ordinal);
            var added = entries.Where(e => !oldSet.Contains(Key(e))).ToArray();
            var removed = old.Where(e => !newSet.Contains(Key(e))).ToArray();
            if (added.Length > 0)
            {
                Add(name, "entries added", null, string.Join(", ", added));
            }

            if (removed.Length > 0)
            {
                Add(name, "entries removed", string.Join(", ", removed), null);
            }
        }

        foreach (var (name, entries) in before.Where(l => !after.ContainsKey(l.Key)))
        {
            Add(name, "removed", string.Join(", ", entries), null);
        }

        static string Key(string entry) => entry.Trim().ToLowerInvariant();
    }

    private static void CompareSignals(RuleSet @base, RuleSet head, List<RuleChange> changes)
    {
        void Add(string type, string field, string? from, string? to, ChangeClass changeClass) =>
            changes.Add(new RuleChange(ChangeArea.Signal, type, field, from, to, changeClass));

        var oldGroups = GroupsByType(@base);
        var newGroups = GroupsByType(head);
        foreach (var (type, description) in head.SignalCatalogue)
        {
            if (!@base.SignalCatalogue.TryGetValue(type, out var old))
            {
                Add(type, "added", null, description, ChangeClass.NewSignal);
                continue;
            }

            Field("description", old, description, (f, a, b) => Add(type, f, a, b, ChangeClass.Weights));
            // Joining a group (e.g. bofu) makes every rule counting that group score the type: a new signal for those rules.
            Field("groups", oldGroups.GetValueOrDefault(type, "-"), newGroups.GetValueOrDefault(type, "-"), (f, a, b) => Add(type, f, a, b, ChangeClass.NewSignal));
        }

        foreach (var (type, description) in @base.SignalCatalogue.Where(s => !head.SignalCatalogue.ContainsKey(s.Key)))
        {
            Add(type, "removed", description, null, ChangeClass.NewSignal);
        }
    }

    private static void CompareGovernance(GovernancePolicy? @base, GovernancePolicy? head, List<RuleChange> changes)
    {
        var before = @base?.Describe().ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal) ?? [];
        var after = head?.Describe().ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal) ?? [];
        foreach (var key in after.Keys.Union(before.Keys, StringComparer.Ordinal))
        {
            var from = before.GetValueOrDefault(key);
            var to = after.GetValueOrDefault(key);
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                changes.Add(new RuleChange(ChangeArea.Governance, key, from is null ? "added" : to is null ? "removed" : "approvals", from, to, ChangeClass.Governance));
            }
        }
    }

    private static Dictionary<string, string> GroupsByType(RuleSet rules) =>
        rules.SignalGroups
            .SelectMany(g => g.Value.Select(type => (Type: type, Group: g.Key)))
            .GroupBy(x => x.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(x => x.Group).Order(StringComparer.Ordinal)), StringComparer.Ordinal);

    private static void Field(string field, string before, string after, Action<string, string?, string?> add)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            add(field, before, after);
        }
    }

    private static string Summary(ScoringRule rule) =>
        $"{(rule.Points > 0 ? "+" : "")}{Number(rule.Points)} {rule.Dimension}{(rule.Disqualify ? ", disqualifies" : "")}: {rule.Expression}";

    private static string TierSummary(TierRule rule) =>
        $"tier {rule.Tier} when {rule.Expression} (sla {rule.SlaText}, mql {Flag(rule.Mql)}, sql {Flag(rule.Sql)})";

    private static string Weights(IReadOnlyDictionary<string, decimal> weights) =>
        string.Join(", ", weights.Select(w => $"{w.Key} {Number(w.Value)}"));

    /// <summary>"≤30d 100%, ≤60d 75%, then 0%": the table an ops person edits, on one line.</summary>
    private static string Steps(DecayProfile profile) =>
        string.Join(", ", profile.Steps.Select(s => $"≤{s.UpToDays}d {Percent(s.Multiplier)}").Append($"then {Percent(profile.Otherwise)}"));

    private static string Percent(decimal multiplier) => Number(multiplier * 100) + "%";

    private static string Reports(ReportThresholds? reports) => reports is null ? "-" : $"{Number(reports.HighFit)} / {Number(reports.HighIntent)}";

    private static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "yes" : "no";

    private static string Days(int? days) => days is { } d ? $"{d} days" : "-";

    private static string Counting(EvidenceCounting counting) => counting switch
    {
        EvidenceCounting.PerEvent => "event",
        EvidenceCounting.PerTopic => "topic",
        _ => "once",
    };
}
