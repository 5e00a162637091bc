using System.Text.Json;
using System.Text.Json.Serialization;

namespace RuleScoring.Worker.Api;

/// <summary>
/// JSON written by its own byte-stable writer (a score or account card), embedded in a response
/// as is: the serializer never re-reads or re-escapes it.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
internal sealed class RawJson
{
    private RawJson(byte[] utf8) => Utf8 = utf8;

    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>What <paramref name="write"/> writes, with the writer's defaults (as the card writers are tested).</summary>
    public static RawJson Of(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return new RawJson(buffer.ToArray());
    }
}
