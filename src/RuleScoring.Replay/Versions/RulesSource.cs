using System.Formats.Tar;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Rules;
using RuleScoring.Core.RuleTests;

namespace RuleScoring.Replay.Versions;

/// <summary>
/// Reads --base / --head: an existing folder is used as is; anything else is a git ref, and the
/// rules folder at that ref (the same path in the repository as <c>--rules</c>) is exported with
/// <c>git archive</c> into a temporary folder, loaded, and the folder deleted.
/// </summary>
public static class RulesSource
{
    public static RuleVersion Load(string refOrFolder, string rulesDirectory, string side)
    {
        if (Directory.Exists(refOrFolder))
        {
            return LoadFolder(refOrFolder, refOrFolder, side);
        }

        if (!Directory.Exists(rulesDirectory))
        {
            throw new RulesSourceException($"--{side} '{refOrFolder}' is not a folder, and the rules folder '{rulesDirectory}' (where git refs are read) does not exist");
        }

        var (inRepo, prefixBytes, _) = Git.Run(rulesDirectory, "rev-parse", "--show-prefix");
        if (inRepo != 0)
        {
            throw new RulesSourceException($"--{side} '{refOrFolder}' is not a folder, and '{rulesDirectory}' is not in a git repository to read it as a ref from");
        }

        var (known, _, _) = Git.Run(rulesDirectory, "rev-parse", "--verify", "--quiet", refOrFolder + "^{commit}");
        if (known != 0)
        {
            throw new RulesSourceException($"--{side} '{refOrFolder}' is neither a folder nor a git ref in this repository (in CI, fetch history: actions/checkout with fetch-depth: 0)");
        }

        var prefix = System.Text.Encoding.UTF8.GetString(prefixBytes).Trim();
        var tree = $"{refOrFolder}:{prefix}";
        var (isTree, type, _) = Git.Run(rulesDirectory, "cat-file", "-t", tree);
        if (isTree != 0 || System.Text.Encoding.UTF8.GetString(type).Trim() != "tree")
        {
            throw new RulesSourceException($"--{side} '{refOrFolder}' has no rules folder at '{(prefix.Length == 0 ? "." : prefix.TrimEnd('/'))}'");
        }

        var commit = Git.RunText(rulesDirectory, "rev-parse", "--short", refOrFolder + "^{commit}");
        // From a subfolder git archive limits itself to that folder's path, which a tree-ish does not have: run it at the top.
        var top = Git.RunText(rulesDirectory, "rev-parse", "--show-toplevel");
        var (code, archive, error) = Git.Run(top, "archive", "--format=tar", tree);
        if (code != 0)
        {
            throw new RulesSourceException($"git archive of '{tree}' failed: {error}");
        }

        var temp = Directory.CreateTempSubdirectory("rulescore-" + side + "-");
        try
        {
            using (var stream = new MemoryStream(archive))
            {
                TarFile.ExtractToDirectory(stream, temp.FullName, overwriteFiles: false);
            }

            return LoadFolder(temp.FullName, $"{refOrFolder} ({commit})", side);
        }
        finally
        {
            try
            {
                temp.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the rules are already in memory.
            }
        }
    }

    private static RuleVersion LoadFolder(string folder, string source, string side)
    {
        var result = RuleSetLoader.Validate(folder);
        if (result.RuleSet is not { } rules)
        {
            throw new RulesSourceException($"the {side} rules ({source}) do not load:" + Environment.NewLine
                + string.Join(Environment.NewLine, result.Errors.Select(p => "  " + p)));
        }

        return new RuleVersion(source, rules, ChangelogReader.Read(folder)) { Tests = RuleTestReader.Read(folder, rules) };
    }
}
