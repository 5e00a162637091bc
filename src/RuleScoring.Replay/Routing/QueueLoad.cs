namespace RuleScoring.Replay.Routing;

/// <summary>
/// The leads routing rules sent to one queue a week under each version (null: the version has no
/// routing or no such queue). Counted where the rules sent them, before availability: a lead
/// nobody in the queue could take is still the queue's load.
/// </summary>
/// <param name="Change">Head's mean a week minus base's; null when either has none.</param>
internal sealed record QueueLoad(string Queue, WeeklyLoad? Base, WeeklyLoad? Head, double? Change);
