namespace RuleScoring.Worker.Api;

/// <summary>A 400: nothing of the request was stored, and every problem found in it.</summary>
internal sealed record RefusedResponse(string Error, IReadOnlyList<FieldError> Errors);
