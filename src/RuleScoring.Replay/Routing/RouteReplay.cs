using RuleScoring.Core.Routing;
using RuleScoring.Replay.Data;

namespace RuleScoring.Replay.Routing;

/// <summary>
/// Routes one version's replayed leads as the worker would have: each lead whose card reached a
/// routed tier, in point-in-time order (ties by lead id, so the order of the deal file does not
/// matter), through the version's <see cref="Router"/> with a fresh <see cref="RoutingLoad"/> that
/// counts every assignment made before it. The account owner is what the replay knows: the owner
/// the lead's data names, else the rep an earlier contact of its account went to (as
/// RoutingStore.Route reads them from lead_routes). Held leads stay held: the SLA monitor's
/// release is not replayed.
/// </summary>
internal static class RouteReplay
{
    public static IReadOnlyList<RoutedLead> Run(IReadOnlyList<ReplayedCase> cases, Func<ReplayedCase, ReplayScore> side, Router router)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(router);
        var load = new RoutingLoad();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var contacts = new Dictionary<string, int>(StringComparer.Ordinal);
        var routed = new List<RoutedLead>();
        var inOrder = cases.Where(c => side(c).Card is { } card && router.IsRouted(card.Tier?.Tier))
            .OrderBy(c => c.Case.AsOf).ThenBy(c => c.Case.Id, StringComparer.Ordinal);
        foreach (var c in inOrder)
        {
            var card = side(c).Card!;
            var lead = c.Case.Lead;
            var key = router.AccountKeyOf(lead);
            var accountOwner = Router.DataOwner(lead) ?? (key is null ? null : owners.GetValueOrDefault(key));
            var decision = router.Decide(card, lead, new RouteAccount(key ?? "", accountOwner, key is null ? 0 : contacts.GetValueOrDefault(key)));
            var at = card.AsOf;
            var assignment = router.Assign(decision, accountOwner, load, at);
            load.Record(assignment, at);
            if (key is not null)
            {
                // The store counts every routed contact of the account, held ones too, and its first assigned owner.
                contacts[key] = contacts.GetValueOrDefault(key) + 1;
                if (assignment is { Status: AssignmentStatus.Assigned, Owner: { } owner })
                {
                    owners.TryAdd(key, owner);
                }
            }

            routed.Add(new RoutedLead(c.Case.Id, at, decision, assignment));
        }

        return routed;
    }
}
