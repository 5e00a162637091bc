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
    public static string Compute(IEnumerable<(string FileName, JsonNode? Content)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (fileName, content) in files.OrderBy(f => f.FileName, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(fileName + "\n" + (content?.ToJsonString() ?? "null") + "\n"));
        }

        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
