namespace RuleScoring.Tests.Support;

/// <summary>A throw-away folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    /// <param name="group">The folder under the temp folder that groups one test project's folders.</param>
    public TempFolder(string group = "rulescoring-tests")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), group, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    /// <summary>A copy of the shipped rules/ (its JSON files, sub-folders too) in a rules folder here.</summary>
    public string CopyRules() => new RulesCopy(System.IO.Path.Combine(Path, "rules")).Directory;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
