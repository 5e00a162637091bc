using RuleScoring.Worker.Scoring;

namespace RuleScoring.Worker.Api;

/// <summary>The body of <c>GET /health</c>; <see cref="Reasons"/> is empty exactly when <see cref="Status"/> is "ok".</summary>
internal sealed record HealthResponse(
    string Status,
    IReadOnlyList<string> Reasons,
    DateTimeOffset Now,
    DateTimeOffset? StartedAt,
    HealthRules? Rules,
    HealthRulesRejected? RulesRejected,
    long Ticks,
    TickResult? LastTick,
    HealthLastError? LastError,
    HealthLag Lag,
    HealthSla Sla);

/// <summary>The active rules version.</summary>
internal sealed record HealthRules(string Name, string Version, string Hash, DateTimeOffset ActivatedAt);

/// <summary>The rules folder's content when it failed validation (the active version is older).</summary>
internal sealed record HealthRulesRejected(string? Version, DateTimeOffset At, IReadOnlyList<string> Problems);

/// <summary>The last tick that failed.</summary>
internal sealed record HealthLastError(DateTimeOffset? At, string Message);

/// <summary>How far scoring is behind what arrived.</summary>
internal sealed record HealthLag(long SignalsWaiting, double OldestWaitingSeconds, int DueLeads, double? SinceLastTickSeconds);

/// <summary>Open follow-up tasks, and those past due not yet flagged breached.</summary>
internal sealed record HealthSla(long Open, long OverdueUnflagged);
