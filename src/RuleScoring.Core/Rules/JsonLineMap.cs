using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RuleScoring.Core.Rules;

/// <summary>
/// The line of every property and array element in a JSON text, by path (<c>cases[2].expect.tier</c>,
/// <c>Rules[3].RuleName</c>), so that a problem found after parsing can still point at the line an
/// ops person has to edit. The rules loader and the rule tests reader both find lines this way: by
/// where a value is, never by the first text that looks like it (a name used twice has two lines).
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines;

    private JsonLineMap(Dictionary<string, int> lines) => _lines = lines;

    /// <summary>Maps <paramref name="json"/>, which must be well-formed (parse it first for a syntax error's line).</summary>
    public static JsonLineMap Build(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var newlines = new List<long>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var frames = new Stack<Frame>();
        string? pendingProperty = null;
        var reader = new Utf8JsonReader(bytes);
        while (reader.Read())
        {
            var line = LineAt(newlines, reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = Join(frames.Peek().Path, reader.GetString()!);
                    lines.TryAdd(pendingProperty, line);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var path = ValuePath(frames, pendingProperty);
                    lines.TryAdd(path, line);
                    frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    lines.TryAdd(ValuePath(frames, pendingProperty), line);
                    break;
            }
        }

        return new JsonLineMap(lines);
    }

    /// <summary>
    /// The line of <paramref name="path"/> (with or without System.Text.Json's leading <c>$.</c>), or of
    /// the nearest enclosing element that has one.
    /// </summary>
    public int? LineOf(string? path)
    {
        var p = path ?? "";
        p = p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : p.TrimStart('$');
        while (true)
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }

            if (p.Length == 0)
            {
                return null;
            }

            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            p = cut <= 0 ? "" : p[..cut];
        }
    }

    private static string ValuePath(Stack<Frame> frames, string? pendingProperty)
    {
        if (frames.Count == 0)
        {
            return "";
        }

        var top = frames.Peek();
        if (!top.IsArray)
        {
            return pendingProperty ?? top.Path;
        }

        return top.Path + "[" + (top.Count++).ToString(CultureInfo.InvariantCulture) + "]";
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    private static int LineAt(List<long> newlines, long offset)
    {
        var index = newlines.BinarySearch(offset);
        return (index < 0 ? ~index : index) + 1;
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int Count { get; set; }
    }
}
