using RuleScoring.Core.Output;

namespace RuleScoring.Core.Tests.Output;

public sealed class ReplacedFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Write_ReplacesTheOldFileWhole()
    {
        var path = _dir.Write("page.html", "old");

        ReplacedFile.Write(path, w => w.Write("new"));

        File.ReadAllText(path).ShouldBe("new");
        Directory.GetFiles(_dir.Path).ShouldBe([path]);
    }

    [Fact]
    public void Write_FailingHalfWay_LeavesTheOldFileAsItWasAndNoTemporaryFile()
    {
        var path = _dir.Write("scores.csv", "header\nold row\n");

        Should.Throw<IOException>(() => ReplacedFile.Write(path, w =>
        {
            w.WriteLine("header");
            w.Flush();
            throw new IOException("disk full");
        }));

        File.ReadAllText(path).ShouldBe("header\nold row\n");
        Directory.GetFiles(_dir.Path).ShouldBe([path]);
    }

    [Fact]
    public void Write_IntoAFolderThatDoesNotExist_Throws_AndCreatesNothing()
    {
        var path = Path.Combine(_dir.Path, "missing", "x.csv");

        Should.Throw<DirectoryNotFoundException>(() => ReplacedFile.Write(path, w => w.Write("x")));

        Directory.Exists(Path.Combine(_dir.Path, "missing")).ShouldBeFalse();
    }
}
