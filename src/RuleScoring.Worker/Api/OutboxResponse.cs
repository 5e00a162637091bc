using RuleScoring.Storage.Scores;

namespace RuleScoring.Worker.Api;

/// <summary>A page of the outbox; <see cref="Next"/> is the <c>after</c> to ask with next time.</summary>
internal sealed record OutboxResponse(long After, long Next, IReadOnlyList<TierChange> Changes);
