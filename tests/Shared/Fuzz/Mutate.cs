using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleScoring.Tests.Fuzz;

/// <summary>Ways to break input: text edits (truncation, noise, spans cut or repeated) and JSON edits (type swaps, deleted, duplicated or renamed properties).</summary>
internal static class Mutate
{
    /// <summary>Pieces that tend to break parsers: quotes, separators, line ends, brackets, odd numbers and characters.</summary>
    public static readonly string[] Noise =
    [
        "\"", "\"\"", ",", ";", "\n", "\r", "\r\n", "\t", " ", "{", "}", "[", "]", ":", "\\", "\0", "\uFEFF", "é", "😀", "\u2028",
        "null", "true", "-", "e", ".", "0", "9999999999999999999999", "1e999", "NaN", "-Infinity", "T", "Z", "+", "2026-02-30",
        "2026-11-20T25:61:00Z", "0001-01-01", "9999-12-31T23:59:59+14:00", "\"\"\"", "{}", "[]", "{\"a\":", "'", "%", "$", "?",
    ];

    /// <summary>Values of every JSON type, including the extremes.</summary>
    public static JsonNode? AnyValue(Random r) => r.Next(16) switch
    {
        0 => null,
        1 => JsonValue.Create(r.Next(2) == 0),
        2 => JsonValue.Create(0),
        3 => JsonValue.Create(-1),
        4 => JsonValue.Create(r.Next(2) == 0 ? 1e308 : -1e308),
        5 => JsonValue.Create(1.5),
        6 => JsonValue.Create(""),
        7 => JsonValue.Create("   "),
        8 => JsonValue.Create(new string('x', r.Next(1, 5000))),
        9 => new JsonArray(),
        10 => new JsonObject(),
        11 => new JsonArray(JsonValue.Create(1), JsonValue.Create("a"), null),
        12 => new JsonObject { ["a"] = 1 },
        13 => JsonValue.Create(Noise[r.Next(Noise.Length)]),
        14 => JsonValue.Create(long.MaxValue),
        _ => JsonValue.Create("2026-11-20"),
    };

    /// <summary>One to <paramref name="maxEdits"/> text edits.</summary>
    public static string Text(Random r, string text, int maxEdits = 3)
    {
        var edits = r.Next(1, maxEdits + 1);
        for (var i = 0; i < edits; i++)
        {
            text = TextOnce(r, text);
        }

        return text;
    }

    private static string TextOnce(Random r, string text)
    {
        var at = r.Next(text.Length + 1);
        var span = Math.Min(text.Length - at, r.Next(1, 40));
        return r.Next(8) switch
        {
            0 => text[..at],
            1 => text.Remove(at, span),
            2 => text.Insert(r.Next(text.Length + 1), text.Substring(at, span)),
            3 or 4 => text.Insert(at, Noise[r.Next(Noise.Length)]),
            5 when text.Length > 0 => text.Remove(Math.Min(at, text.Length - 1), 1).Insert(Math.Min(at, text.Length - 1), ((char)r.Next(0, 0x3000)).ToString()),
            6 => RepeatLine(r, text),
            _ => SwapLines(r, text),
        };
    }

    private static string RepeatLine(Random r, string text)
    {
        var lines = text.Split('\n').ToList();
        var i = r.Next(lines.Count);
        lines.InsertRange(i, Enumerable.Repeat(lines[i], r.Next(1, 4)));
        return string.Join('\n', lines);
    }

    private static string SwapLines(Random r, string text)
    {
        var lines = text.Split('\n');
        var (a, b) = (r.Next(lines.Length), r.Next(lines.Length));
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join('\n', lines);
    }

    /// <summary>
    /// One structural edit somewhere in the document, written out as text. Duplicated
    /// properties cannot live in a <see cref="JsonNode"/>, so the writer adds them.
    /// </summary>
    public static string Json(Random r, JsonNode root, Func<Random, string, string>? mutateString = null)
    {
        root = root.DeepClone();
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[r.Next(nodes.Count)];
        JsonNode? duplicate = null;
        switch (r.Next(9))
        {
            case 0 when target.Parent is not null:
                Replace(target, AnyValue(r));
                break;
            case 1 when target.Parent is JsonObject parent:
                parent.Remove(target.GetPropertyName());
                break;
            case 2 when target.Parent is JsonObject:
                duplicate = target;
                break;
            case 3 when target.Parent is JsonObject parent:
                var name = target.GetPropertyName();
                parent.Remove(name);
                parent[Typo(r, name)] = target;
                break;
            case 4 when target is JsonObject obj:
                obj[r.Next(2) == 0 ? "unexpected" : Typo(r, obj.Select(p => p.Key).DefaultIfEmpty("x").ElementAt(r.Next(Math.Max(obj.Count, 1))))] = AnyValue(r);
                break;
            case 5 when target is JsonArray array && array.Count > 0:
                var i = r.Next(array.Count);
                if (r.Next(2) == 0)
                {
                    array.RemoveAt(i);
                }
                else
                {
                    array.Insert(i, array[i]?.DeepClone());
                }

                break;
            case 6 when target is JsonValue value && value.GetValueKind() == JsonValueKind.String && target.Parent is not null:
                var text = value.GetValue<string>();
                Replace(target, JsonValue.Create(mutateString?.Invoke(r, text) ?? Text(r, text, 2)));
                break;
            case 7 when target is JsonValue value && value.GetValueKind() == JsonValueKind.Number && target.Parent is not null:
                var number = r.Next(5) switch { 0 => 0, 1 => -value.GetValue<double>(), 2 => value.GetValue<double>() * 1000, 3 => 0.5, _ => 1e300 };
                Replace(target, JsonValue.Create(double.IsFinite(number) ? number : 1e300));
                break;
            case 8 when target.Parent is not null:
                // Type swap of the same content: a number as text, text as a one-element array.
                Replace(target, target is JsonValue v && v.GetValueKind() != JsonValueKind.String ? JsonValue.Create(v.ToJsonString()) : new JsonArray(target.DeepClone()));
                break;
            default:
                Replace(target, AnyValue(r));
                break;
        }

        var sb = new StringBuilder();
        Write(root, sb, duplicate);
        return sb.ToString();
    }

    /// <summary>The document, or null when it is not JSON or repeats a property (which a <see cref="JsonNode"/> cannot hold).</summary>
    public static JsonNode? TryParse(string text)
    {
        try
        {
            var node = JsonNode.Parse(text);
            // Objects parse lazily: a repeated property only throws once the object is enumerated.
            Collect(node, []);
            return node;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static void Replace(JsonNode target, JsonNode? with)
    {
        switch (target.Parent)
        {
            case JsonObject obj:
                obj[target.GetPropertyName()] = with;
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = with;
                break;
        }
    }

    private static string Typo(Random r, string name) => r.Next(4) switch
    {
        0 when name.Length > 1 => name.Remove(r.Next(name.Length), 1),
        1 => name.ToUpperInvariant(),
        2 => name + "s",
        _ => " " + name,
    };

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null)
        {
            return;
        }

        into.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, into);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, into);
                }

                break;
        }
    }

    private static void Write(JsonNode? node, StringBuilder sb, JsonNode? duplicate)
    {
        switch (node)
        {
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (name, child) in obj)
                {
                    var times = ReferenceEquals(child, duplicate) && child is not null ? 2 : 1;
                    for (var t = 0; t < times; t++)
                    {
                        sb.Append(first ? "\n" : ",\n");
                        first = false;
                        sb.Append(JsonSerializer.Serialize(name)).Append(": ");
                        Write(child, sb, duplicate);
                    }
                }

                sb.Append("\n}");
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    sb.Append(i == 0 ? "" : ", ");
                    Write(array[i], sb, duplicate);
                }

                sb.Append(']');
                break;
            case null:
                sb.Append("null");
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }

    public static string Pick(Random r, IReadOnlyList<string> from) => from[r.Next(from.Count)];

    public static string Number(Random r) => r.Next(4) switch
    {
        0 => r.Next(1, 5000).ToString(CultureInfo.InvariantCulture),
        1 => (r.NextDouble() * 100).ToString("0.##", CultureInfo.InvariantCulture),
        2 => "0",
        _ => r.Next(10, 100).ToString(CultureInfo.InvariantCulture),
    };
}
