using RuleScoring.Core.Rules;

namespace RuleScoring.Core.Governance;

/// <summary>rules/CHANGELOG.md, parsed: the entries that read well and a problem (with its line) for each that does not.</summary>
public sealed record Changelog(string File, bool Exists, IReadOnlyList<ChangelogEntry> Entries, IReadOnlyList<RuleProblem> Problems)
{
    public const string FileName = "CHANGELOG.md";

    public ChangelogEntry? Find(string version) =>
        Entries.FirstOrDefault(e => string.Equals(e.Version, version, StringComparison.Ordinal));
}
