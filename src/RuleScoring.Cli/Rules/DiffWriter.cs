using System.Text.Json;
using System.Text;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Output;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Replay.Versions;

namespace RuleScoring.Cli.Rules;

/// <summary>Renders a <see cref="GovernanceReview"/>: what changed, its class, and the approvals needed vs found.</summary>
internal static class DiffWriter
{
    public static void Write(TextWriter output, DiffFormat format, GovernanceReview review, RuleVersion @base, RuleVersion head)
    {
        switch (format)
        {
            case DiffFormat.Markdown:
                Markdown(output, review, @base, head);
                break;
            case DiffFormat.Json:
                Json(output, review, @base, head);
                break;
            default:
                Table(output, review, @base, head);
                break;
        }
    }

    /// <summary>"Rules 1.0.0 → 1.1.0: 2 changes, needs marketing + sales sign-off".</summary>
    public static string Headline(GovernanceReview review, string arrow = "→")
    {
        var diff = review.Diff;
        var count = diff.Changes.Count switch { 0 => "no changes", 1 => "1 change", var n => $"{n} changes" };
        var needs = review.Requirements.Count > 0
            ? $", needs {review.NeedsSummary()} sign-off" + (review.Entry?.IsEmergency == true ? " (emergency fix)" : "")
            : "";
        return $"Rules {diff.Base.Version} {arrow} {diff.Head.Version}: {count}{needs}";
    }

    private static void Markdown(TextWriter o, GovernanceReview review, RuleVersion @base, RuleVersion head)
    {
        var diff = review.Diff;
        o.WriteLine($"### {MarkdownText.Text(Headline(review))}");
        o.WriteLine();
        o.WriteLine($"{MarkdownText.Code(diff.Head.Name)} · base {MarkdownText.Text(@base.Source)}: {MarkdownText.Text(diff.Base.Version)} (`{diff.Base.ShortHash}`) · head {MarkdownText.Text(head.Source)}: {MarkdownText.Text(diff.Head.Version)} (`{diff.Head.ShortHash}`)");
        o.WriteLine();
        o.WriteLine(MarkdownText.Text(Capitalised(RescoreScopes.Describe(RescoreScopes.Between(@base.Rules, head.Rules)))));
        foreach (var area in diff.Changes.GroupBy(c => c.Area).OrderBy(g => g.Key))
        {
            o.WriteLine();
            o.WriteLine($"**{AreaTitle(area.Key)}**");
            o.WriteLine();
            o.WriteLine($"| {SubjectHeader(area.Key)} | change | before | after | class |");
            o.WriteLine("| --- | --- | --- | --- | --- |");
            foreach (var change in area)
            {
                o.WriteLine($"| {MarkdownText.Code(change.Subject)} | {MarkdownText.Text(change.Field)} | {Value(change, change.Before)} | {Value(change, change.After)} | {MarkdownText.Text(ClassLabel(review, change.Class))} |");
            }
        }

        if (review.Requirements.Count > 0)
        {
            o.WriteLine();
            var where = MarkdownText.Text(review.Entry is { } entry ? $"entry {entry.Version} of {head.Changelog.File}" : $"no {head.Changelog.File} entry for {diff.Head.Version} yet");
            o.WriteLine($"**Approvals** (the base's governance policy; {where})");
            o.WriteLine();
            o.WriteLine("| needs | for | found |");
            o.WriteLine("| --- | --- | --- |");
            foreach (var requirement in review.Requirements)
            {
                // One role per row reads best as just the approver's name; an "n of" row needs the roles too.
                var names = string.Join(", ", requirement.Found.Select(a => requirement.Roles.Count == 1 ? a.Name : a.ToString()));
                var found = requirement.Met
                    ? "✅ " + MarkdownText.Text(names)
                    : "❌ missing" + (requirement.Found.Count > 0 ? " (so far: " + MarkdownText.Text(names) + ")" : "");
                o.WriteLine($"| {MarkdownText.Text(requirement.Describe())} | {MarkdownText.Text(string.Join(", ", requirement.NeededFor.Select(c => ClassLabel(review, c))))} | {found} |");
            }
        }

        if (diff.Changes.Count > 0 || review.Problems.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("**Checks**");
            o.WriteLine();
            if (review.Passed && diff.ContentChanged)
            {
                o.WriteLine($"- ✅ {MarkdownText.Text($"version {diff.Base.Version} → {diff.Head.Version}; {head.Changelog.File} entry {diff.Head.Version} carries the approvals")}");
            }

            foreach (var problem in review.Problems)
            {
                var mark = problem.Severity == RuleProblemSeverity.Error ? "❌" : "⚠️";
                var where = problem.Line is { } line ? $"{problem.File}:{line}" : problem.File;
                o.WriteLine($"- {mark} {MarkdownText.Text(where)}: {MarkdownText.Text(problem.Message)}");
            }
        }

        if (review.Entry?.Replay is { Length: > 0 } replay)
        {
            o.WriteLine();
            o.WriteLine($"**Replay** (from the changelog): {MarkdownText.Text(replay)}");
        }
    }

    private static void Table(TextWriter o, GovernanceReview review, RuleVersion @base, RuleVersion head)
    {
        var diff = review.Diff;
        o.WriteLine(Headline(review, "->"));
        o.WriteLine($"base: {@base.Source}  {diff.Base}");
        o.WriteLine($"head: {head.Source}  {diff.Head}");
        o.WriteLine(RescoreScopes.Describe(RescoreScopes.Between(@base.Rules, head.Rules)));
        var rows = diff.Changes.Select(c => new[] { AreaTitle(c.Area), c.Subject, c.Field, c.Before ?? "", "->", c.After ?? "", ChangeClasses.Key(c.Class) }).ToList();
        if (rows.Count > 0)
        {
            o.WriteLine();
            WriteColumns(o, [["area", "subject", "change", "before", "", "after", "class"], .. rows]);
        }

        if (review.Requirements.Count > 0)
        {
            o.WriteLine();
            o.WriteLine(review.Entry is { } entry ? $"approvals (base policy; {head.Changelog.File} entry {entry.Version}):" : $"approvals (base policy; no {head.Changelog.File} entry for {diff.Head.Version}):");
            WriteColumns(o, [.. review.Requirements.Select(r => new[]
            {
                "  " + r.Describe(),
                "for " + string.Join(", ", r.NeededFor.Select(ChangeClasses.Key)),
                r.Met ? "ok: " + string.Join(", ", r.Found) : "MISSING",
            })]);
        }

        foreach (var problem in review.Problems)
        {
            o.WriteLine(problem);
        }
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static void WriteColumns(TextWriter o, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            o.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static void Json(TextWriter o, GovernanceReview review, RuleVersion @base, RuleVersion head)
    {
        var diff = review.Diff;
        using var stream = new MemoryStream();
        // Relaxed escaping keeps → and ≤ readable; the output is never embedded in HTML.
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("headline", Headline(review));
            Side(w, "base", @base, diff.Base);
            Side(w, "head", head, diff.Head);
            w.WriteBoolean("content_changed", diff.ContentChanged);
            w.WriteString("rescore", RescoreScopes.Key(RescoreScopes.Between(@base.Rules, head.Rules)));
            w.WriteStartArray("changes");
            foreach (var c in diff.Changes)
            {
                w.WriteStartObject();
                w.WriteString("area", AreaKey(c.Area));
                w.WriteString("subject", c.Subject);
                w.WriteString("change", c.Field);
                w.WriteString("before", c.Before);
                w.WriteString("after", c.After);
                w.WriteString("class", ChangeClasses.Key(c.Class));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("approvals");
            foreach (var r in review.Requirements)
            {
                w.WriteStartObject();
                w.WriteString("needs", r.Describe());
                w.WriteNumber("min", r.Min);
                w.WriteStartArray("roles");
                r.Roles.ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
                w.WriteStartArray("for");
                r.NeededFor.Select(ChangeClasses.Key).ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
                w.WriteStartArray("found");
                foreach (var a in r.Found)
                {
                    w.WriteStartObject();
                    w.WriteString("role", a.Role);
                    w.WriteString("name", a.Name);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteBoolean("met", r.Met);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (review.Entry is { } entry)
            {
                w.WriteStartObject("changelog_entry");
                w.WriteString("version", entry.Version);
                w.WriteString("date", entry.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("emergency", entry.Emergency);
                w.WriteString("replay", entry.Replay);
                w.WriteEndObject();
            }

            w.WriteStartArray("problems");
            foreach (var p in review.Problems)
            {
                w.WriteStartObject();
                w.WriteString("severity", p.Severity == RuleProblemSeverity.Error ? "error" : "warning");
                w.WriteString("file", p.File);
                if (p.Line is { } line)
                {
                    w.WriteNumber("line", line);
                }

                w.WriteString("message", p.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("passed", review.Passed);
            w.WriteEndObject();
        }

        o.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void Side(Utf8JsonWriter w, string name, RuleVersion snapshot, RuleSetIdentity identity)
    {
        w.WriteStartObject(name);
        w.WriteString("source", snapshot.Source);
        w.WriteString("name", identity.Name);
        w.WriteString("version", identity.Version);
        w.WriteString("hash", identity.Hash);
        w.WriteEndObject();
    }

    private static string ClassLabel(GovernanceReview review, ChangeClass changeClass) =>
        review.Policy?.RuleFor(changeClass).Label ?? ChangeClasses.DefaultLabel(changeClass);

    private static string AreaTitle(ChangeArea area) => area switch
    {
        ChangeArea.ScoringRule => "Scoring rules",
        ChangeArea.TierRule => "Tier rules",
        ChangeArea.Dimension => "Dimensions",
        ChangeArea.Motion => "Motions (composite weights)",
        ChangeArea.DecayProfile => "Decay profiles",
        ChangeArea.List => "Lists",
        ChangeArea.Signal => "Signal catalogue",
        ChangeArea.Governance => "Governance policy",
        ChangeArea.Routing => "Routing, teams and plays",
        ChangeArea.Webhooks => "Webhooks",
        _ => "Model",
    };

    private static string AreaKey(ChangeArea area) => area switch
    {
        ChangeArea.ScoringRule => "scoring_rule",
        ChangeArea.TierRule => "tier_rule",
        ChangeArea.DecayProfile => "decay_profile",
        _ => area.ToString().ToLowerInvariant(),
    };

    private static string SubjectHeader(ChangeArea area) => area switch
    {
        ChangeArea.ScoringRule or ChangeArea.TierRule => "rule",
        ChangeArea.DecayProfile => "profile",
        ChangeArea.Signal => "signal type",
        ChangeArea.Governance => "policy",
        ChangeArea.Routing or ChangeArea.Webhooks => "file",
        _ => AreaTitle(area).Split(' ')[0].TrimEnd('s').ToLowerInvariant(),
    };

    /// <summary>Expressions read best as code; everything else as (escaped) text.</summary>
    private static string Value(RuleChange change, string? value) =>
        value is null ? "—" : change.Field is "expression" or "threshold" ? MarkdownText.Code(value) : MarkdownText.Text(value);
}
