using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RuleScoring.Core.Rules;

namespace RuleScoring.Worker.Api;

/// <summary>
/// A request body read whole, or the answer refusing it: 413 with the limit when it is larger than
/// the worker reads, 400 when a key appears twice in one object (which value would count?) or,
/// for <see cref="ReadJsonAsync"/>, when it is not JSON (with the line).
/// </summary>
internal static class RequestBody
{
    public static async Task<(string? Text, IResult? Refused)> ReadTextAsync(HttpRequest request)
    {
        string text;
        try
        {
            using var reader = new StreamReader(request.Body);
            text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            var said = limit is { } bytes ? $"the limit of {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes" : "the limit";
            return (null, ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {said}: nothing was stored; send it in smaller batches"));
        }

        if (JsonDuplicateKeys.First(text) is { } repeated)
        {
            return (null, ApiResults.BadRequest([new FieldError(0, repeated.Path, $"key appears twice in one object (line {repeated.Line}): send it once")]));
        }

        return (text, null);
    }

    public static async Task<(JsonDocument? Body, IResult? Refused)> ReadJsonAsync(HttpRequest request)
    {
        var (text, refused) = await ReadTextAsync(request).ConfigureAwait(false);
        if (text is null)
        {
            return (null, refused);
        }

        try
        {
            return (JsonDocument.Parse(text), null);
        }
        catch (JsonException ex)
        {
            return (null, ApiResults.BadRequest([new FieldError(0, "", $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message.Split(" Path:")[0]}")]));
        }
    }
}
