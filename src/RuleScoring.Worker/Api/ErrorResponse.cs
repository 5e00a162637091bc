namespace RuleScoring.Worker.Api;

/// <summary>Any refusal that is not about the payload's fields: 401, 404, 413, 503.</summary>
internal sealed record ErrorResponse(string Error);
