using System.Text.Json;
using System.Text.Json.Serialization;

namespace RuleScoring.Worker.Api;

/// <summary>Every body the API writes, serialized without reflection; names snake_case as the CSV contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(RefusedResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(SignalsAccepted))]
[JsonSerializable(typeof(LeadsAccepted))]
[JsonSerializable(typeof(LeadResponse))]
[JsonSerializable(typeof(WorkedResponse))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(OutboxResponse))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;
