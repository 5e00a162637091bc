using System.Text.Encodings.Web;
using System.Text.Json;

namespace RuleScoring.Worker.Api;

/// <summary>The two escapings the API writes with.</summary>
internal static class WorkerJson
{
    /// <summary>
    /// Most bodies: machine clients read them, not browsers, so quotes in messages stay readable
    /// ('L-1', not \u0027L-1\u0027).
    /// </summary>
    public static WorkerJsonContext Api { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>
    /// Bodies that embed a stored card: they have always been escaped as the card's own writer
    /// escapes it (the default encoder), fields beside the card included; kept so their bytes do not change.
    /// </summary>
    public static WorkerJsonContext Cards => WorkerJsonContext.Default;

    /// <summary>The content type the card bodies have always had (no charset parameter).</summary>
    public const string CardContentType = "application/json";
}
