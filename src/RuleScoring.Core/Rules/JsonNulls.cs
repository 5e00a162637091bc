using System.Text;
using System.Text.Json;

namespace RuleScoring.Core.Rules;

/// <summary>
/// Finds every <c>null</c> in a rules file. The files never need one (an optional property is
/// left out), and System.Text.Json lets a null through inside lists and maps whatever the
/// nullable annotations say, where it would surface later as a crash rather than a message.
/// The JSON Schemas in rules/schema/ allow no null either, so editor and loader agree.
/// The same walk finds a property written twice in one object, which System.Text.Json's typed
/// read lets through (the last one wins) where a reviewer reads the first.
/// </summary>
internal static class JsonNulls
{
    /// <summary>Each null's 1-based line and path (e.g. <c>Rules[3].Properties.decay</c>; empty for the whole file).</summary>
    public static IReadOnlyList<(int Line, string Path)> Find(string json) => Walk(json).Nulls;

    /// <summary>Each property that repeats one already in its object: its 1-based line and path (e.g. <c>Rules[3].Expression</c>).</summary>
    /// <exception cref="JsonException">The text is not JSON (with the line where it breaks).</exception>
    public static IReadOnlyList<(int Line, string Path)> FindRepeated(string json) => Walk(json).Repeated;

    private static (List<(int Line, string Path)> Nulls, List<(int Line, string Path)> Repeated) Walk(string json)
    {
        var found = new List<(int, string)>();
        var repeated = new List<(int, string)>();
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var frames = new Stack<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var top = frames.Peek();
                    top.Name = reader.GetString();
                    if (!top.Names.Add(top.Name!))
                    {
                        repeated.Add((bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n') + 1, Path(frames)));
                    }

                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    NextItem(frames);
                    frames.Push(new Frame(Path(frames), reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    NextItem(frames);
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        found.Add((bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n') + 1, Path(frames)));
                    }

                    break;
            }
        }

        return (found, repeated);
    }

    private static void NextItem(Stack<Frame> frames)
    {
        if (frames.TryPeek(out var top) && top.IsArray)
        {
            top.Index++;
        }
    }

    /// <summary>The path of the value being read: the innermost frame's path plus its current property or index.</summary>
    private static string Path(Stack<Frame> frames)
    {
        if (!frames.TryPeek(out var top))
        {
            return "";
        }

        return top.IsArray ? $"{top.Path}[{top.Index}]" : top.Path.Length == 0 ? top.Name ?? "" : $"{top.Path}.{top.Name}";
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public string? Name { get; set; }
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
        public int Index { get; set; } = -1;
    }
}
