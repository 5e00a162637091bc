using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RuleScoring.Core.Rules;

/// <summary>
/// A hash of what the rules say, not how they are laid out: each file is parsed and written
/// back compactly before hashing, so re-indenting a file keeps the hash while any change to a
/// name, expression or number changes it.
/// </summary>
internal static class ContentHash
{
    /// <summary>The editor's pointer to a file's JSON Schema (rules/schema/).</summary>
    public const string SchemaProperty = "$schema";

    public static string Compute(IEnumerable<(string FileName, JsonNode? Content)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (fileName, content) in files.OrderBy(f => f.FileName, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(fileName + "\n" + Canonical(content) + "\n"));
        }

        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    // A file's top-level "$schema" is left out. It only tells an editor where the schema is:
    // it never changes a score, and stored scores, `rulescore diff` and the governance gate all
    // treat a new hash as a rules change that needs a version bump and approvals. So adding
    // the pointer, or moving the schema folder, keeps the hash (and the version) of the rules.
    // Descriptions stay in: they are what reviewers read, and the diff reports them.
    private static string Canonical(JsonNode? content)
    {
        if (content is not JsonObject file || !file.ContainsKey(SchemaProperty))
        {
            return content?.ToJsonString() ?? "null";
        }

        var withoutPointer = new JsonObject();
        foreach (var (key, value) in file)
        {
            if (key != SchemaProperty)
            {
                withoutPointer[key] = value?.DeepClone();
            }
        }

        return withoutPointer.ToJsonString();
    }
}
