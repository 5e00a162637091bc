using Microsoft.AspNetCore.Http;

namespace RuleScoring.Worker.Api;

/// <summary>The API's refusals: always a JSON body saying why, never a bare status.</summary>
internal static class ApiResults
{
    public static IResult Error(int statusCode, string message) =>
        Results.Json(new ErrorResponse(message), WorkerJson.Api.ErrorResponse, statusCode: statusCode);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    public static IResult BadRequest(IReadOnlyList<FieldError> errors) =>
        Results.Json(new RefusedResponse("the request was not stored: fix these and send it again", errors), WorkerJson.Api.RefusedResponse,
            statusCode: StatusCodes.Status400BadRequest);

    public static IResult NoLead(string leadId) => NotFound($"no lead '{leadId}'");
}
