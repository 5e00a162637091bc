using System.CommandLine;
using System.Globalization;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Output;

namespace RuleScoring.Cli.Init;

/// <summary>
/// <c>rulescore init DIR</c>: a minimal rules folder that validates at once and whose rule test
/// passes, so a new team starts from a green <c>validate</c> rather than from a copy of rules/
/// (whose accounts and tests belong to another model).
/// </summary>
internal static class InitCommand
{
    // The CHANGELOG template dates its first entry on the day the folder is written.
    private const string DatePlaceholder = "{date}";

    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var dir = new Argument<string>("dir") { Description = "The folder to create; it must be absent or empty" };
        var command = new Command("init", "Write a minimal rules folder (model.json, fit/intent/behavior/tiers.json, a rule test, the JSON schemas, CHANGELOG.md) to start a model from") { dir };
        command.SetAction(parse => Run(parse.GetValue(dir)!, time, output, error));
        return command;
    }

    private static int Run(string dir, TimeProvider time, TextWriter output, TextWriter error)
    {
        if (File.Exists(dir) || (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any()))
        {
            error.WriteLine($"{dir} is not an empty folder: rulescore init writes only into a new or empty one.");
            return ExitCodes.InputError;
        }

        var today = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var files = RuleTemplate.Files();
        foreach (var (path, text) in files)
        {
            var target = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var content = path == Changelog.FileName ? text.Replace(DatePlaceholder, today, StringComparison.Ordinal) : text;
            File.WriteAllText(target, content);
        }

        output.WriteLine($"wrote {files.Count} files to {dir}: {string.Join(", ", files.Select(f => f.Path).Where(p => !p.StartsWith("schema/", StringComparison.Ordinal)))} and schema/.");
        output.WriteLine($"next: edit the lists, signals and rules for your funnel, then rulescore validate --rules {dir}");
        return ExitCodes.Ok;
    }
}
