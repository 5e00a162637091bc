using System.Text;

namespace RuleScoring.Core.Output;

/// <summary>
/// Writes a file people or other systems pick up (a report page, a CRM import) beside its target
/// and moves it over the old one: an interrupted or failed run leaves the old file whole, never
/// half a new one, and no temporary file behind.
/// </summary>
public static class ReplacedFile
{
    /// <exception cref="IOException">The file cannot be written or moved; the target is as it was.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file is not writable; the target is as it was.</exception>
    public static void Write(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var target = Path.GetFullPath(path);
        var temp = target + ".tmp";
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false)))
            {
                write(writer);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // The original failure is the one to report.
            }

            throw;
        }
    }
}
