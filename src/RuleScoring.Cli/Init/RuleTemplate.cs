using System.Reflection;

namespace RuleScoring.Cli.Init;

/// <summary>
/// The starting rules folder <c>rulescore init</c> writes: JSON and markdown files embedded from
/// Init/Template (the model's content is data, reviewed like any rules file) and the schema files
/// from rules/schema, so a new folder's <c>$schema</c> lines resolve without this repository.
/// </summary>
internal static class RuleTemplate
{
    private const string Prefix = "init/";

    /// <summary>Every file of the template: its path relative to the new folder (with '/') and its text.</summary>
    public static IReadOnlyList<(string Path, string Text)> Files()
    {
        var assembly = typeof(RuleTemplate).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => (Path: n[Prefix.Length..].Replace('\\', '/'), Text: Read(assembly, n)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToArray();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded template file {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
