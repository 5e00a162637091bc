namespace RuleScoring.Core.Routing;

/// <summary>Where an assignment left a lead.</summary>
public enum AssignmentStatus
{
    /// <summary>A member of the queue (or the account's owner) has it.</summary>
    Assigned,

    /// <summary>Nobody could take it: it waits in the queue, unassigned.</summary>
    Held,

    /// <summary>The queue's escalation contact has it.</summary>
    Escalated,
}
