using System.CommandLine;
using System.Text.RegularExpressions;

namespace RuleScoring.Cli.Tests.Docs;

/// <summary>
/// README.md and docs/ quote commands and link to each other; both rot silently when the CLI or
/// the pages change. Every documented <c>rulescore</c> command and option must exist in the
/// command tree the CLI runs, and every relative link must reach a file (and heading) that exists.
/// </summary>
public sealed partial class DocsCommandsTests
{
    private static readonly RootCommand Root = new CliApp(TimeProvider.System, TextWriter.Null, TextWriter.Null).CreateRoot();

    [Fact]
    public void Docs_EveryDocumentedCommandAndOption_ExistsInTheCli()
    {
        var usages = DocumentedUsages().ToList();

        usages.Count.ShouldBeGreaterThan(30, "the extraction found too few commands: has the docs' format changed?");
        var problems = usages.SelectMany(u => Problems(u.Usage).Select(p => $"{u.Where}: `rulescore {u.Usage}`: {p}")).ToList();
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Readme_CommandLine_NamesEveryCommand()
    {
        var documented = DocumentedUsages()
            .Where(u => u.Where.StartsWith("README.md", StringComparison.Ordinal))
            .Select(u => u.Usage.Split(' ')[0])
            .ToHashSet(StringComparer.Ordinal);

        Root.Subcommands.Select(c => c.Name).Where(c => !documented.Contains(c)).ShouldBeEmpty("commands the README's command line leaves out");
    }

    [Theory]
    [InlineData("replay --base origin/main --no-such-option", "--no-such-option")]
    [InlineData("replay --base origin/main --db x.db --write", "--write")]
    [InlineData("frobnicate --db x.db", "frobnicate")]
    public void Problems_UnknownCommandOrOption_IsNamed(string usage, string named)
    {
        Problems(usage).ShouldHaveSingleItem().ShouldContain(named);
    }

    [Theory]
    [InlineData("replay --base REF|DIR --db DB|--data DIR [--level lead|account] [--from DATE]")]
    [InlineData("import leads leads.csv --map mappings/hubspot-contacts.json --db=x.db")]
    [InlineData("explain LEAD | --account DOMAIN [--history N] --help")]
    public void Problems_ExistingCommandAndOptions_None(string usage)
    {
        Problems(usage).ShouldBeEmpty();
    }

    [Fact]
    public void Docs_EveryRelativeLink_PointsAtAFileThatExists()
    {
        var problems = new List<string>();
        foreach (var file in DocFiles())
        {
            var text = File.ReadAllText(file);
            foreach (Match link in MarkdownLink().Matches(text))
            {
                var target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var (path, anchor) = hash < 0 ? (target, null) : (target[..hash], target[(hash + 1)..]);
                var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                var where = $"{Relative(file)}:{LineOf(text, link.Index)}: ({target})";
                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    problems.Add($"{where} points at {Relative(resolved)}, which does not exist");
                }
                else if (anchor is not null && File.Exists(resolved) && resolved.EndsWith(".md", StringComparison.Ordinal)
                         && !HeadingAnchors(File.ReadAllText(resolved)).Contains(anchor))
                {
                    problems.Add($"{where}: {Relative(resolved)} has no heading #{anchor}");
                }
            }
        }

        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    /// <summary>What is wrong with one documented usage (the words after <c>rulescore</c>): an unknown command or option.</summary>
    private static List<string> Problems(string usage)
    {
        var words = usage.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Command command = Root;
        var at = 0;
        while (at < words.Length && command.Subcommands.FirstOrDefault(c => c.Name == words[at]) is { } sub)
        {
            command = sub;
            at++;
        }

        if (command == Root && at < words.Length && !words[at].StartsWith('-'))
        {
            return [$"'{words[at]}' is not a rulescore command ({string.Join(", ", Root.Subcommands.Select(c => c.Name))})"];
        }

        var known = command.Options.Concat(Root.Options)
            .SelectMany(o => o.Aliases.Append(o.Name))
            .ToHashSet(StringComparer.Ordinal);
        return OptionName().Matches(string.Join(' ', words[at..]))
            .Select(m => m.Value)
            .Where(o => !known.Contains(o))
            .Distinct(StringComparer.Ordinal)
            .Select(o => $"'{command.Name}' has no option {o}")
            .ToList();
    }

    /// <summary>
    /// Every <c>rulescore ...</c> usage in a fenced code block (a line that starts with it, after an
    /// optional <c>$ </c> prompt, or runs it through <c>dotnet run --project src/RuleScoring.Cli --</c>)
    /// and in an inline code span that starts with it.
    /// </summary>
    private static IEnumerable<(string Where, string Usage)> DocumentedUsages()
    {
        const string ViaDotnet = "dotnet run --project src/RuleScoring.Cli -- ";
        foreach (var file in DocFiles())
        {
            var lines = File.ReadAllLines(file);
            var inBlock = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    inBlock = !inBlock;
                    continue;
                }

                if (!inBlock)
                {
                    continue;
                }

                line = line.StartsWith("$ ", StringComparison.Ordinal) ? line[2..] : line;
                var usage = line.StartsWith("rulescore ", StringComparison.Ordinal) ? line["rulescore ".Length..]
                    : line.StartsWith(ViaDotnet, StringComparison.Ordinal) ? line[ViaDotnet.Length..]
                    : null;
                if (usage is not null)
                {
                    yield return ($"{Relative(file)}:{i + 1}", ShellComment().Replace(usage, ""));
                }
            }

            var text = File.ReadAllText(file);
            foreach (Match span in InlineUsage().Matches(text))
            {
                yield return ($"{Relative(file)}:{LineOf(text, span.Index)}", Whitespace().Replace(span.Groups["usage"].Value, " "));
            }
        }
    }

    private static IEnumerable<string> DocFiles() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Prepend(Path.Combine(Repo.Root, "README.md"))
            .Order(StringComparer.Ordinal);

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered.</summary>
    private static HashSet<string> HeadingAnchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(markdown))
        {
            var slug = AnchorDropped().Replace(heading.Groups["title"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    private static string Relative(string path) => Path.GetRelativePath(Repo.Root, path).Replace('\\', '/');

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z0-9-]*")]
    private static partial Regex OptionName();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex ShellComment();

    [GeneratedRegex(@"(?<!`)`rulescore (?<usage>[^`]+)`")]
    private static partial Regex InlineUsage();

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^#{1,6}[ \t]+(?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N} _-]")]
    private static partial Regex AnchorDropped();
}
