namespace RuleScoring.Core.Routing;

/// <summary>What a queue does with a lead none of its members can take now.</summary>
public enum FallbackAction
{
    /// <summary>Keep the lead in the queue unassigned; the SLA monitor offers it again on its next pass.</summary>
    Hold,

    /// <summary>Give it to the queue's escalation contact.</summary>
    Escalate,

    /// <summary>Offer it to another queue.</summary>
    Queue,
}
