namespace RuleScoring.Core.Routing;

/// <summary>One rule of routing.json: the first whose expression holds names the lead's queue.</summary>
/// <param name="Reason">Why, in the words a rep reads ("territory EMEA"); recorded with the assignment.</param>
/// <param name="Reassign">A lead already assigned is routed again when this rule matches (otherwise only a move to another queue reassigns it).</param>
public sealed record RouteRule(string Name, string Expression, string Queue, string Reason, bool Reassign);
