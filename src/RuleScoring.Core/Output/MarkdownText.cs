using System.Text;

namespace RuleScoring.Core.Output;

/// <summary>
/// Every piece of text from input (lead ids, rule and tier names, reasons, segments, file names)
/// that we put into markdown goes through here, so a report posted as a pull-request comment
/// shows the text as it is: HTML cannot run (<c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> become
/// entities), a <c>|</c> or a line break cannot end a table cell or row, and markdown syntax
/// (links, images, code, emphasis, strikethrough) is backslash-escaped. Our own markup is written around it.
/// </summary>
public static class MarkdownText
{
    // ASCII punctuation that opens markdown syntax mid-line; CommonMark lets any of them be backslash-escaped.
    private const string Escaped = "\\`*_[]|~";

    /// <summary>Text shown as plain text (in a paragraph or a table cell).</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var md = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '<':
                    md.Append("&lt;");
                    break;
                case '>':
                    md.Append("&gt;");
                    break;
                case '&':
                    md.Append("&amp;");
                    break;
                case '\r' when i + 1 < value.Length && value[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    md.Append(' ');
                    break;
                // Between two letters or digits an underscore can neither open nor close emphasis
                // (CommonMark's flanking rules): rule names like intent.demo_request stay readable.
                case '_' when i > 0 && i + 1 < value.Length && char.IsLetterOrDigit(value[i - 1]) && char.IsLetterOrDigit(value[i + 1]):
                    md.Append(c);
                    break;
                default:
                    if (Escaped.Contains(c, StringComparison.Ordinal))
                    {
                        md.Append('\\');
                    }

                    md.Append(c);
                    break;
            }
        }

        return md.ToString();
    }

    /// <summary>
    /// Text shown as inline code: inside a code span HTML and markdown are inert already, so only
    /// the span's end (a fence longer than any run of backticks in the text), line breaks and
    /// <c>|</c> (escaped: GitHub reads it as a cell border even in code) need care.
    /// </summary>
    public static string Code(string? value)
    {
        var text = (value ?? "").ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
        var longest = 0;
        for (int i = 0, run = 0; i < text.Length; i++)
        {
            run = text[i] == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        var pad = text.Length == 0 || text[0] == '`' || text[^1] == '`' ? " " : "";
        return fence + pad + text + pad + fence;
    }

    /// <summary>
    /// The text a reader sees in a line of markdown we wrote (our bold markers aside): backslash
    /// escapes and the three entities undone, code fences dropped. For rendering our own markdown
    /// as HTML, whose encoder then takes over.
    /// </summary>
    public static string Plain(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = new StringBuilder(markdown.Length);
        for (var i = 0; i < markdown.Length; i++)
        {
            var c = markdown[i];
            if (c == '\\' && i + 1 < markdown.Length && markdown[i + 1] is > ' ' and < (char)127 && !char.IsAsciiLetterOrDigit(markdown[i + 1]))
            {
                text.Append(markdown[++i]);
            }
            else if (c == '`')
            {
                var run = 1;
                while (i + run < markdown.Length && markdown[i + run] == '`')
                {
                    run++;
                }

                var close = markdown.IndexOf(new string('`', run), i + run, StringComparison.Ordinal);
                if (close < 0)
                {
                    text.Append(markdown, i, run);
                    i += run - 1;
                    continue;
                }

                var code = markdown[(i + run)..close];
                if (code.Length >= 2 && code[0] == ' ' && code[^1] == ' ' && code.Trim().Length > 0)
                {
                    code = code[1..^1];
                }

                text.Append(code.Replace("\\|", "|", StringComparison.Ordinal));
                i = close + run - 1;
            }
            else if (c == '&' && Entity(markdown, i) is { } entity)
            {
                text.Append(entity.Char);
                i += entity.Length - 1;
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static (char Char, int Length)? Entity(string markdown, int at)
    {
        foreach (var (name, c) in new[] { ("&lt;", '<'), ("&gt;", '>'), ("&amp;", '&') })
        {
            if (string.CompareOrdinal(markdown, at, name, 0, name.Length) == 0)
            {
                return (c, name.Length);
            }
        }

        return null;
    }
}
