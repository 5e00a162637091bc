namespace RuleScoring.Worker;

/// <summary>The API key read from a file (<see cref="WorkerOptions.ApiKeyFile"/>): its first non-blank line, trimmed.</summary>
internal static class ApiKeyFile
{
    private const long MaxBytes = 4096;

    /// <summary>Fills <see cref="WorkerOptions.ApiKey"/> from the file when no key was given otherwise; a file that cannot be read is left to <see cref="Problem"/>.</summary>
    public static void Apply(WorkerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey) && options.ApiKeyFile is { Length: > 0 } file && TryRead(file, out var key, out _))
        {
            options.ApiKey = key;
        }
    }

    public static bool IsFrom(WorkerOptions options, string file) => TryRead(file, out var key, out _) && key == options.ApiKey;

    public static string? Problem(WorkerOptions options) =>
        options.ApiKeyFile is { Length: > 0 } file && !TryRead(file, out _, out var why) ? $"ApiKeyFile: '{file}' {why}" : null;

    private static bool TryRead(string file, out string key, out string why)
    {
        key = "";
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                why = "does not exist";
                return false;
            }

            if (info.Length > MaxBytes)
            {
                why = $"is {info.Length:N0} bytes, not a key (at most {MaxBytes:N0})";
                return false;
            }

            key = File.ReadLines(file).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
            why = key.Length == 0 ? "is empty" : "";
            return key.Length > 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            why = $"cannot be read ({ex.Message})";
            return false;
        }
    }
}
