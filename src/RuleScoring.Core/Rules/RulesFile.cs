using System.Text;

namespace RuleScoring.Core.Rules;

/// <summary>
/// The one way a file of the rules folder is read. A rules folder comes from whoever opens a pull
/// request, so it holds regular files of a reasonable size and nothing else: a link (to a file
/// outside the repository, or to <c>/dev/zero</c>), a device or a pipe is refused by name before
/// anything is read, and no read goes past the cap, so a file cannot block a reader or fill memory.
/// </summary>
public static class RulesFile
{
    /// <summary>The most one rules file may hold (the shipped model's largest is under 10 KB).</summary>
    public const long MaxFileBytes = 1024 * 1024;

    /// <summary>The most the JSON files of a rules folder (top level and tests/) may hold together.</summary>
    public const long MaxFolderBytes = 16 * 1024 * 1024;

    /// <summary>Reads <paramref name="relativePath"/> under <paramref name="directory"/> as UTF-8 text (a BOM dropped); false with the reason when it is refused or missing.</summary>
    public static bool TryReadText(string directory, string relativePath, out string text, out string problem)
    {
        text = "";
        if (!TryReadBytes(directory, relativePath, out var bytes, out problem))
        {
            return false;
        }

        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        text = Encoding.UTF8.GetString(bytes, bom, bytes.Length - bom);
        return true;
    }

    /// <summary>The file's bytes, read no further than the cap (a file growing while read is refused, not followed); false with the reason.</summary>
    public static bool TryReadBytes(string directory, string relativePath, out byte[] bytes, out string problem)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(relativePath);
        bytes = [];
        problem = Refusal(directory, relativePath) ?? "";
        if (problem.Length > 0)
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(Path.Combine(directory, relativePath), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while (copy.Length <= MaxFileBytes && (n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, MaxFileBytes + 1 - copy.Length))) > 0)
            {
                copy.Write(buffer, 0, n);
            }

            if (copy.Length > MaxFileBytes)
            {
                problem = $"holds more than {MaxFileBytes / 1024:N0} KB, the most a rules file may hold";
                return false;
            }

            bytes = copy.ToArray();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read ({ex.Message})";
            return false;
        }
    }

    /// <summary>Why the file may not be read (without opening it), or null when it is a regular file within the caps.</summary>
    public static string? Refusal(string directory, string relativePath)
    {
        var path = Path.Combine(directory, relativePath);
        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return "is outside the rules folder";
        }

        // Every folder between the rules folder and the file (tests/) must be a real folder too.
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(full)!); folder.FullName.Length > root.TrimEnd(Path.DirectorySeparatorChar).Length; folder = folder.Parent!)
        {
            if (folder.LinkTarget is not null)
            {
                return $"is inside {Path.GetRelativePath(root, folder.FullName)}/, which is a link: the rules folder holds regular files only";
            }
        }

        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            return "is a link: the rules folder holds regular files only (copy the file in)";
        }

        if (!info.Exists)
        {
            return Directory.Exists(full) ? "is a folder, not a file" : "file not found";
        }

        // Devices and pipes report no length (and /dev/zero never ends); opening a pipe waits for a writer.
        if (info.Length == 0)
        {
            return "is empty, or is a device or pipe rather than a regular file";
        }

        return info.Length > MaxFileBytes ? $"is {info.Length:N0} bytes, over the {MaxFileBytes / 1024:N0} KB a rules file may hold" : null;
    }

    /// <summary>The folder-wide cap: why the folder's JSON files are too large together, or null.</summary>
    public static string? FolderRefusal(string directory)
    {
        var tests = Path.Combine(directory, "tests");
        var files = new DirectoryInfo(directory).EnumerateFiles("*.json")
            .Concat(Directory.Exists(tests) && new DirectoryInfo(tests).LinkTarget is null ? new DirectoryInfo(tests).EnumerateFiles("*.json") : []);
        var total = files.Where(f => f.LinkTarget is null).Sum(f => f.Length);
        return total > MaxFolderBytes ? $"its JSON files hold {total:N0} bytes together, over the {MaxFolderBytes / (1024 * 1024)} MB a rules folder may hold" : null;
    }
}
