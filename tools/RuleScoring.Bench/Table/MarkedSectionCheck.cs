namespace RuleScoring.Bench.Table;

/// <summary>
/// `table --check`: the markdown writer's own tests, run by CI (the bench has no test project;
/// nothing here is timed). Each case prints ok or what went wrong; any failure exits 1.
/// </summary>
internal static class MarkedSectionCheck
{
    public static int Run(TextWriter output)
    {
        var failures = 0;
        void Case(string name, Func<string?> check)
        {
            string? problem;
            try
            {
                problem = check();
            }
            catch (Exception e)
            {
                problem = $"threw {e.GetType().Name}: {e.Message}";
            }

            output.WriteLine(problem is null ? $"ok   {name}" : $"FAIL {name}: {problem}");
            failures += problem is null ? 0 : 1;
        }

        const string before = "# Benchmarks\n\nProse before, kept.  \n\n";
        const string after = "\n\nProse after, kept; trailing spaces   \nand no final newline";
        var file = before + MarkedSection.Begin + "\nold table\n| a | b |\n" + MarkedSection.End + after;

        Case("replaces exactly the marked section and keeps the rest byte for byte", () =>
        {
            var result = MarkedSection.Replace(file, "| new | table |\n", "docs/x.md");
            var expected = before + MarkedSection.Begin + "\n| new | table |\n" + MarkedSection.End + after;
            return result == expected ? null : $"got:\n{result}";
        });

        Case("writing twice gives the same file", () =>
        {
            var once = MarkedSection.Replace(file, "t", "x.md");
            return MarkedSection.Replace(once, "t", "x.md") == once ? null : "second write changed the file";
        });

        Case("a CRLF file keeps CRLF and its prose", () =>
        {
            var crlf = "a\r\n" + MarkedSection.Begin + "\r\nold\r\n" + MarkedSection.End + "\r\nb\r\n";
            var result = MarkedSection.Replace(crlf, "x\ny\n", "x.md");
            var expected = "a\r\n" + MarkedSection.Begin + "\r\nx\r\ny\r\n" + MarkedSection.End + "\r\nb\r\n";
            return result == expected ? null : $"got {result.Replace("\r", "\\r", StringComparison.Ordinal)}";
        });

        Case("missing markers fail with the file's name", () => Refused("docs/none.md", "# no markers\n", "docs/none.md", MarkedSection.Begin));
        Case("a missing end marker fails naming it", () => Refused("docs/half.md", MarkedSection.Begin + "\nx\n", "docs/half.md", MarkedSection.End));
        Case("markers in the wrong order fail", () => Refused("y.md", MarkedSection.End + "\n" + MarkedSection.Begin + "\n", "y.md", "comes before"));
        Case("a second pair fails", () => Refused("z.md", file + file, "z.md", "more than once"));

        Case("a real file: section replaced, rest byte-identical, nothing written when markers are missing", () =>
        {
            var dir = Directory.CreateTempSubdirectory("bench-table-check-");
            try
            {
                var path = Path.Combine(dir.FullName, "benchmarks.md");
                File.WriteAllText(path, file);
                MarkedSection.WriteInto(path, "| fresh |");
                var written = File.ReadAllText(path);
                if (!written.StartsWith(before + MarkedSection.Begin + "\n", StringComparison.Ordinal) || !written.EndsWith(MarkedSection.End + after, StringComparison.Ordinal) || !written.Contains("| fresh |", StringComparison.Ordinal))
                {
                    return $"file now reads:\n{written}";
                }

                var bare = Path.Combine(dir.FullName, "bare.md");
                File.WriteAllText(bare, "prose only\n");
                try
                {
                    MarkedSection.WriteInto(bare, "| fresh |");
                    return "no error for a file without markers";
                }
                catch (InvalidOperationException e) when (e.Message.Contains(bare, StringComparison.Ordinal))
                {
                    return File.ReadAllText(bare) == "prose only\n" && Directory.GetFiles(dir.FullName).Length == 2 ? null : "the file without markers was changed or a temp file left";
                }
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        });

        output.WriteLine(failures == 0 ? "table --check: all passed" : $"table --check: {failures} failed");
        return failures == 0 ? 0 : 1;
    }

    private static string? Refused(string file, string text, string name, string mentions)
    {
        try
        {
            MarkedSection.Replace(text, "x", name);
            return "no error";
        }
        catch (InvalidOperationException e)
        {
            return e.Message.Contains(file, StringComparison.Ordinal) && e.Message.Contains(mentions, StringComparison.Ordinal)
                ? null
                : $"message does not name {file} and {mentions}: {e.Message}";
        }
    }
}
