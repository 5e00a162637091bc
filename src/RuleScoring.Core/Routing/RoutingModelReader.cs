using System.Globalization;
using System.Linq.Expressions;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Rules;
using RulesEngine.Models;

namespace RuleScoring.Core.Routing;

/// <summary>
/// routing.json (a workflow read like the others: names unique across the folder, expressions in
/// the sandbox), teams.json and plays.json, with every cross-reference checked: queues named by
/// rules and fallbacks exist and each is reachable, members are known, time zones are IANA ids,
/// plays name reason codes the model has.
/// </summary>
internal static class RoutingModelReader
{
    private static readonly Dictionary<string, DayOfWeek> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Mon"] = DayOfWeek.Monday, ["Tue"] = DayOfWeek.Tuesday, ["Wed"] = DayOfWeek.Wednesday, ["Thu"] = DayOfWeek.Thursday,
        ["Fri"] = DayOfWeek.Friday, ["Sat"] = DayOfWeek.Saturday, ["Sun"] = DayOfWeek.Sunday,
    };

    public static ParameterExpression[] Parameters() =>
    [
        WorkflowReader.Param<RouteCard>("card"), WorkflowReader.Param<LeadFacts>("lead"),
        WorkflowReader.Param<RouteAccount>("account"), WorkflowReader.Param<ModelLists>("lists"),
    ];

    public static RoutingModel? Read(RuleFolder folder, WorkflowReader workflows, RuleProperties properties, LoadedModel? model, IReadOnlySet<string> tiers)
    {
        var hasRouting = folder.Has(RoutingModel.File);
        var hasTeams = folder.Has(TeamModel.File);
        if (!hasRouting && !hasTeams)
        {
            return null;
        }

        if (!hasTeams)
        {
            folder.Error(RoutingModel.File, null, null, $"{TeamModel.File} is missing: routing needs the queues its rules name");
        }

        if (!hasRouting)
        {
            folder.Error(TeamModel.File, null, null, $"{RoutingModel.File} is missing: without routing rules no lead reaches these queues");
        }

        var errors = folder.Problems.Count;
        var teams = hasTeams ? ReadTeams(folder, tiers) : null;
        var rules = new List<RouteRule>();
        List<Rule>? engineRules = null;
        if (hasRouting)
        {
            const string file = RoutingModel.File;
            engineRules = workflows.ReadWorkflow(file, RoutingModel.WorkflowName, Parameters(), model, (rule, json, line) =>
            {
                var props = properties.Deserialize<RoutePropertiesDocument>(file, line, rule.RuleName, json);
                if (props is null)
                {
                    return;
                }

                if (teams is not null && !teams.Queues.ContainsKey(props.Queue))
                {
                    folder.Error(file, line, rule.RuleName, $"queue \"{props.Queue}\" is not in {TeamModel.File} ({string.Join(", ", teams.Queues.Keys)})");
                }

                if (string.IsNullOrWhiteSpace(props.Reason))
                {
                    folder.Error(file, line, rule.RuleName, "reason is empty: say why in a rep's words (\"territory EMEA\")");
                }

                if (rule.Enabled)
                {
                    if (rules.FirstOrDefault(r => r.Expression.Trim() == "true") is { } always)
                    {
                        folder.Error(file, line, rule.RuleName, $"never matches: {always.Name} before it always matches (first match wins)");
                    }

                    rules.Add(new RouteRule(rule.RuleName, rule.Expression, props.Queue, props.Reason.Trim(), props.Reassign));
                }
            });
        }

        if (teams is not null && engineRules is not null)
        {
            CheckReachable(folder, teams, rules);
        }

        if (teams is null || engineRules is null || folder.Problems.Count > errors)
        {
            return null;
        }

        if (engineRules.Count == 0)
        {
            folder.Error(RoutingModel.File, null, null, "no routing rules: every routed lead would go to the fallback queue; add rules or delete the file");
            return null;
        }

        return new RoutingModel(rules, teams, new Workflow { WorkflowName = RoutingModel.WorkflowName, Rules = engineRules });
    }

    private static void CheckReachable(RuleFolder folder, TeamModel teams, List<RouteRule> rules)
    {
        var reached = new HashSet<string>(rules.Select(r => r.Queue), StringComparer.Ordinal) { teams.FallbackQueue };
        foreach (var q in teams.Queues.Values.Where(q => q.FallbackQueue is not null))
        {
            reached.Add(q.FallbackQueue!);
        }

        foreach (var queue in teams.Queues.Keys.Where(q => !reached.Contains(q)))
        {
            folder.Error(TeamModel.File, folder.LineOf(TeamModel.File, $"queues.{queue}"), null,
                $"queue \"{queue}\" is never reached: no routing rule, fallback or fallbackQueue names it");
        }
    }

    private static TeamModel? ReadTeams(RuleFolder folder, IReadOnlySet<string> tiers)
    {
        const string file = TeamModel.File;
        var doc = folder.Deserialize<TeamsDocument>(file, RuleFolder.CamelCase);
        if (doc is null)
        {
            return null;
        }

        var errors = folder.Problems.Count;
        int? Line(string path) => folder.LineOf(file, path);
        for (var i = 0; i < doc.RoutedTiers.Length; i++)
        {
            if (tiers.Count > 0 && !tiers.Contains(doc.RoutedTiers[i]))
            {
                Warn(folder, file, Line($"routedTiers[{i}]"), $"routedTiers: \"{doc.RoutedTiers[i]}\" is not a tier of {RuleSetLoader.TiersFile} ({string.Join(", ", tiers.Order(StringComparer.Ordinal))}): no lead is routed by it");
            }
        }

        if (!doc.Queues.ContainsKey(doc.FallbackQueue))
        {
            folder.Error(file, Line("fallbackQueue"), null, $"fallbackQueue \"{doc.FallbackQueue}\" is not one of the queues");
        }

        var members = new Dictionary<string, TeamMember>(StringComparer.Ordinal);
        foreach (var (id, m) in doc.Members)
        {
            var member = ReadMember(folder, id, m);
            if (member is not null)
            {
                members[id] = member;
            }
        }

        var queues = new Dictionary<string, RoutingQueue>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, q) in doc.Queues)
        {
            var at = $"queues.{name}";
            for (var i = 0; i < q.Members.Length; i++)
            {
                used.Add(q.Members[i]);
                if (!doc.Members.ContainsKey(q.Members[i]))
                {
                    folder.Error(file, Line($"{at}.members[{i}]"), null, $"queue {name}: member \"{q.Members[i]}\" is not in members");
                }
            }

            if (q.Members.Distinct(StringComparer.Ordinal).Count() != q.Members.Length)
            {
                folder.Error(file, Line($"{at}.members"), null, $"queue {name} lists a member twice");
            }

            used.Add(q.Escalation.To);
            if (!doc.Members.ContainsKey(q.Escalation.To))
            {
                folder.Error(file, Line($"{at}.escalation.to"), null, $"queue {name}: escalation contact \"{q.Escalation.To}\" is not in members");
            }

            if (q.Escalation.GraceMinutes is < 1 or > 10_080)
            {
                folder.Error(file, Line($"{at}.escalation.graceMinutes"), null, $"queue {name}: escalation.graceMinutes must be 1 to 10080 (a week)");
            }

            FallbackAction action;
            switch (q.Fallback.Action)
            {
                case "hold": action = FallbackAction.Hold; break;
                case "escalate": action = FallbackAction.Escalate; break;
                case "queue": action = FallbackAction.Queue; break;
                default:
                    folder.Error(file, Line($"{at}.fallback.action"), null, $"queue {name}: fallback.action \"{q.Fallback.Action}\" is not hold, escalate or queue");
                    continue;
            }

            if (action == FallbackAction.Queue && (q.Fallback.Queue is not { } next || !doc.Queues.ContainsKey(next) || next == name))
            {
                folder.Error(file, Line($"{at}.fallback"), null, $"queue {name}: fallback.action \"queue\" needs fallback.queue naming another queue (\"{q.Fallback.Queue}\" is not one)");
            }
            else if (action != FallbackAction.Queue && q.Fallback.Queue is not null)
            {
                folder.Error(file, Line($"{at}.fallback.queue"), null, $"queue {name}: fallback.queue is only read with action \"queue\"");
            }

            queues[name] = new RoutingQueue(name, q.Description ?? "", q.Members, q.Escalation.To, TimeSpan.FromMinutes(q.Escalation.GraceMinutes), action,
                action == FallbackAction.Queue ? q.Fallback.Queue : null);
        }

        foreach (var id in doc.Members.Keys.Where(id => !used.Contains(id)))
        {
            folder.Problems.Add(new RuleProblem(RuleProblemSeverity.Warning, file, Line($"members.{id}"), null,
                $"member \"{id}\" is in no queue and escalations go elsewhere: nothing reaches them"));
        }

        return folder.Problems.Skip(errors).Any(p => p.Severity == RuleProblemSeverity.Error)
            ? null
            : new TeamModel(doc.RoutedTiers.ToHashSet(StringComparer.Ordinal), doc.FallbackQueue, queues, members);
    }

    private static TeamMember? ReadMember(RuleFolder folder, string id, MemberDocument m)
    {
        const string file = TeamModel.File;
        var at = $"members.{id}";
        int? Line(string path) => folder.LineOf(file, $"{at}.{path}");
        var ok = true;
        void Fail(string path, string message)
        {
            folder.Error(file, Line(path), null, $"member {id}: {message}");
            ok = false;
        }

        if (m.Weight < 1 || m.Weight > 100)
        {
            Fail("weight", "weight must be 1 to 100");
        }

        if (m.CapacityPerDay < 0)
        {
            Fail("capacityPerDay", "capacityPerDay must be 0 or more");
        }

        // IANA ids only ("Europe/London", "UTC"): a Windows name would resolve on one machine and not another.
        TimeZoneInfo? zone = null;
        if (!(m.TimeZone.Contains('/', StringComparison.Ordinal) || m.TimeZone == "UTC") || !TimeZoneInfo.TryFindSystemTimeZoneById(m.TimeZone, out zone))
        {
            Fail("timeZone", $"timeZone \"{m.TimeZone}\" is not an IANA time zone id (e.g. America/New_York, Europe/Berlin)");
        }

        var hours = m.Hours.Split('-', StringSplitOptions.TrimEntries);
        TimeOnly start = default, end = default;
        if (hours.Length != 2
            || !TimeOnly.TryParseExact(hours[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out start)
            || !TimeOnly.TryParseExact(hours[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out end)
            || end <= start)
        {
            Fail("hours", $"hours \"{m.Hours}\" must be local start-end on one day, e.g. 08:00-17:00");
        }

        var days = new HashSet<DayOfWeek>();
        foreach (var day in m.Days)
        {
            if (DayNames.TryGetValue(day, out var d))
            {
                days.Add(d);
            }
            else
            {
                Fail("days", $"day \"{day}\" is not one of Mon, Tue, Wed, Thu, Fri, Sat, Sun");
            }
        }

        var away = new HashSet<DateOnly>();
        foreach (var text in m.OutOfOffice)
        {
            var parts = text.Split("..", StringSplitOptions.TrimEntries);
            if (parts.Length is < 1 or > 2
                || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !DateOnly.TryParseExact(parts[^1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
                || to < from || to.DayNumber - from.DayNumber > 366)
            {
                Fail("outOfOffice", $"outOfOffice \"{text}\" must be a date (2026-12-24) or a range of at most a year (2026-12-21..2026-12-31)");
                continue;
            }

            for (var d = from; d <= to; d = d.AddDays(1))
            {
                away.Add(d);
            }
        }

        return ok ? new TeamMember(id, m.Name, m.Weight, m.CapacityPerDay, m.TimeZone, zone!, start, end, days, away) : null;
    }

    // A name of another file that is not there (yet): a rule removed or renamed leaves the play or
    // routed tier dead, which validate says, without making the whole rule set unusable.
    private static void Warn(RuleFolder folder, string file, int? line, string message) =>
        folder.Problems.Add(new RuleProblem(RuleProblemSeverity.Warning, file, line, null, message));

    public static PlayBook? ReadPlays(RuleFolder folder, IReadOnlySet<string> reasonCodes, IReadOnlySet<string> tiers)
    {
        const string file = PlayBook.File;
        if (!folder.Has(file))
        {
            return null;
        }

        var doc = folder.Deserialize<PlaysDocument>(file, RuleFolder.CamelCase);
        if (doc is null)
        {
            return null;
        }

        var errors = folder.Problems.Count;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var plays = new List<Play>();
        for (var i = 0; i < doc.Plays.Length; i++)
        {
            var p = doc.Plays[i];
            var line = folder.LineOf(file, $"plays[{i}].name");
            if (!names.Add(p.Name))
            {
                folder.Error(file, line, null, $"play \"{p.Name}\" is defined twice");
            }

            for (var r = 0; r < p.Reasons.Length; r++)
            {
                if (reasonCodes.Count > 0 && !reasonCodes.Contains(p.Reasons[r]))
                {
                    Warn(folder, file, folder.LineOf(file, $"plays[{i}].reasons[{r}]"),
                        $"play {p.Name}: reason code \"{p.Reasons[r]}\" is not a rule of fit.json, intent.json or behavior.json: it never chooses this play");
                }
            }

            for (var t = 0; t < p.Tiers.Length; t++)
            {
                if (tiers.Count > 0 && !tiers.Contains(p.Tiers[t]))
                {
                    Warn(folder, file, folder.LineOf(file, $"plays[{i}].tiers[{t}]"), $"play {p.Name}: tier \"{p.Tiers[t]}\" is not a tier of {RuleSetLoader.TiersFile}: the play is never chosen for it");
                }
            }

            if (string.IsNullOrWhiteSpace(p.TalkTrack))
            {
                folder.Error(file, folder.LineOf(file, $"plays[{i}].talkTrack"), null, $"play {p.Name}: talkTrack is empty");
            }

            plays.Add(new Play(p.Name, p.Reasons, p.Tiers, p.TalkTrack.Trim(), p.Content, p.Sequence));
        }

        return folder.Problems.Count > errors ? null : new PlayBook(plays);
    }
}
