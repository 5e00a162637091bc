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

    /// <summary>Reads <paramref name="relativePath"/> under <paramref name="directory"/>; false with the reason when it is refused or missing.</summary>
    public static bool TryReadText(string directory, string relativePath, out string text, out string problem)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(relativePath);
        text = "";
        problem = Refusal(directory, relativePath) ?? "";
        if (problem.Length > 0)
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(Path.Combine(directory, relativePath), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan);
            var buffer = new byte[MaxFileBytes + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
            {
                read += n;
            }

            if (read > MaxFileBytes)
            {
                problem = $"holds more than {MaxFileBytes / 1024:N0} KB, the most a rules file may hold";
                return false;
            }

            var bom = read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
            text = Encoding.UTF8.GetString(buffer, bom, read - bom);
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
