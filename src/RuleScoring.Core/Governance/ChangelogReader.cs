using System.Globalization;
using System.Text.RegularExpressions;
using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Governance;

/// <summary>
/// Reads rules/CHANGELOG.md. The format stays plain markdown a reviewer reads in the PR:
/// <code>
/// ## 1.1.0 — 2026-11-23
/// Raised competitor comparison views from 25 to 35 points; tier A now needs intent 35.
/// Why: comparison views preceded 40 % of won deals last quarter.
/// Approved-by: marketing (Dana Whitfield), sales (Marco Reyes)
/// Replay: AUC 0.71 -> 0.74 on 2,310 deals
/// </code>
/// Anything before the first <c>## </c> heading is an introduction and is not parsed.
/// </summary>
public static partial class ChangelogReader
{
    /// <summary>Reads <c>CHANGELOG.md</c> in a rules folder; a missing file is an empty changelog with <see cref="Changelog.Exists"/> false.</summary>
    public static Changelog Read(string rulesDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rulesDirectory);
        var path = Path.Combine(rulesDirectory, Changelog.FileName);
        if (!File.Exists(path) && new FileInfo(path).LinkTarget is null)
        {
            return new Changelog(Changelog.FileName, false, [], []);
        }

        return RulesFile.TryReadText(rulesDirectory, Changelog.FileName, out var text, out var refused)
            ? Parse(text)
            : new Changelog(Changelog.FileName, true, [], [new RuleProblem(RuleProblemSeverity.Error, Changelog.FileName, null, null, refused)]);
    }

    public static Changelog Parse(string text, string file = Changelog.FileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<RuleProblem>();
        var entries = new List<ChangelogEntry>();
        void Error(int line, string message) => problems.Add(new RuleProblem(RuleProblemSeverity.Error, file, line, null, message));

        EntryBuilder? current = null;
        void Finish()
        {
            if (current is null)
            {
                return;
            }

            if (current.Text.Count == 0)
            {
                Error(current.Line, $"entry {current.Version} says nothing about what changed and why");
            }

            if (current.Valid)
            {
                if (entries.Any(e => e.Version == current.Version))
                {
                    Error(current.Line, $"version {current.Version} has two entries");
                }
                else
                {
                    entries.Add(current.Build());
                }
            }
        }

        var lines = text.Split('\n');
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }

            // Examples in code blocks (fenced or indented) are text, never entries.
            if (fenced || line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith('\t'))
            {
                if (current is not null && line.Trim().Length > 0)
                {
                    current.Text.Add(line.Trim());
                }

                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Finish();
                current = StartEntry(line, number, Error);
                continue;
            }

            var key = KeyLine().Match(line);
            if (key.Success)
            {
                if (current is null)
                {
                    Error(number, $"{key.Groups["key"].Value}: comes before the first version heading (## 1.0.0 — 2026-01-31)");
                    continue;
                }

                var value = key.Groups["value"].Value.Trim();
                switch (key.Groups["key"].Value.ToLowerInvariant())
                {
                    case "approved-by":
                        current.ApprovedBy.AddRange(Approvals(value, number, "Approved-by", Error));
                        break;
                    case "retro-reviewed-by":
                        current.RetroReviewedBy.AddRange(Approvals(value, number, "Retro-reviewed-by", Error));
                        break;
                    case "emergency":
                        if (value.Length == 0)
                        {
                            Error(number, "Emergency: needs a reason (why the change could not wait for the usual approvals)");
                        }

                        current.Emergency = value.Length == 0 ? "(no reason given)" : value;
                        break;
                    default:
                        current.Replay = value;
                        break;
                }

                continue;
            }

            if (current is not null && line.Trim().Length > 0)
            {
                current.Text.Add(line.Trim());
            }
        }

        Finish();
        return new Changelog(file, true, entries, problems);
    }

    private static EntryBuilder StartEntry(string line, int number, Action<int, string> error)
    {
        var heading = Heading().Match(line);
        if (!heading.Success)
        {
            error(number, $"heading \"{line.Trim()}\" must read \"## VERSION — DATE\", e.g. \"## 1.1.0 — 2026-11-23\"");
            return new EntryBuilder("?", default, number) { Valid = false };
        }

        var version = heading.Groups["version"].Value;
        var valid = true;
        if (!SemVer().IsMatch(version))
        {
            error(number, $"version \"{version}\" is not semantic versioning (e.g. 1.4.0)");
            valid = false;
        }

        if (!DateOnly.TryParseExact(heading.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            error(number, $"date \"{heading.Groups["date"].Value}\" must be a calendar date written YYYY-MM-DD");
            valid = false;
        }

        return new EntryBuilder(version, date, number) { Valid = valid };
    }

    /// <summary>"marketing (Dana Whitfield), sales (Marco Reyes)": commas inside a name's parentheses do not split.</summary>
    private static IEnumerable<Approval> Approvals(string value, int line, string key, Action<int, string> error)
    {
        if (value.Length == 0)
        {
            error(line, $"{key}: lists no one; write role (name), e.g. marketing (Dana Whitfield)");
            yield break;
        }

        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            depth += value[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (value[i] == ',' && depth == 0)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }

        parts.Add(value[start..]);
        foreach (var part in parts.Select(p => p.Trim()))
        {
            var match = ApprovalPattern().Match(part);
            if (!match.Success)
            {
                error(line, $"{key}: \"{part}\" must read role (name), e.g. marketing (Dana Whitfield)");
                continue;
            }

            yield return new Approval(match.Groups["role"].Value.ToLowerInvariant(), match.Groups["name"].Value.Trim(), line);
        }
    }

    private sealed class EntryBuilder(string version, DateOnly date, int line)
    {
        public string Version { get; } = version;
        public int Line { get; } = line;
        public bool Valid { get; init; }
        public List<string> Text { get; } = [];
        public List<Approval> ApprovedBy { get; } = [];
        public List<Approval> RetroReviewedBy { get; } = [];
        public string? Emergency { get; set; }
        public string? Replay { get; set; }

        public ChangelogEntry Build() =>
            new(Version, date, Line, string.Join('\n', Text), ApprovedBy, Emergency, RetroReviewedBy, Replay);
    }

    [GeneratedRegex(@"^##\s+(?<version>\S+)\s+[—–-]\s+(?<date>\S+)\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^ {0,3}(?:[-*]\s+)?(?:\*\*)?(?<key>approved-by|retro-reviewed-by|emergency|replay)(?:\*\*)?:(?:\*\*)?(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^(?<role>[A-Za-z][A-Za-z0-9-]*)\s*\((?<name>[^()]*[^()\s][^()]*)\)$")]
    private static partial Regex ApprovalPattern();

    [GeneratedRegex(@"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();
}
