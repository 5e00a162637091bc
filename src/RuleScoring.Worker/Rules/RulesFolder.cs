using System.Security.Cryptography;

namespace RuleScoring.Worker.Rules;

/// <summary>
/// A cheap check that anything in the rules folder changed: a hash of the bytes of every JSON file
/// at its top (the model and its workflows) and under tests/ (the rule tests gate activation).
/// Loading the rule set is what decides whether the change matters (see <see cref="ActiveRules"/>).
/// </summary>
internal static class RulesFolder
{
    public static string Fingerprint(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(directory, "*.json", SearchOption.TopDirectoryOnly)
            .Concat(Directory.Exists(Path.Combine(directory, "tests"))
                ? Directory.EnumerateFiles(Path.Combine(directory, "tests"), "*.json", SearchOption.TopDirectoryOnly)
                : [])
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(directory, file) + "\0"));
            // Read as the loader reads: a link, device, pipe or oversized file is hashed as its refusal
            // (the load then rejects the version, naming the file) and never blocks or fills the tick.
            var relative = Path.GetRelativePath(directory, file);
            hash.AppendData(RuleScoring.Core.Rules.RulesFile.TryReadBytes(directory, relative, out var bytes, out var refused)
                ? bytes
                : System.Text.Encoding.UTF8.GetBytes("\0" + refused));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
