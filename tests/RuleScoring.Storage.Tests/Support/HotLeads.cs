using RuleScoring.Core.Leads;

namespace RuleScoring.Storage.Tests.Support;

/// <summary>
/// A lead the shipped rules put in tier A (a sales VP who asked for a demo and viewed pricing five
/// hours before <c>at</c>), for the routing and SLA tests: where it is and how big its company is
/// pick the queue.
/// </summary>
internal static class HotLeads
{
    public static Lead Hot(string id, string email, DateTimeOffset at, string country = "United States", string employees = "300", string? owner = null,
        string createdAt = "2026-11-01T00:00:00Z")
    {
        var attributes = new Dictionary<string, string>
        {
            ["email"] = email, ["employees"] = employees, ["industry"] = "Software", ["country"] = country,
            ["title"] = "VP Sales", ["function"] = "Sales", ["created_at"] = createdAt,
        };
        if (owner is not null)
        {
            attributes["owner"] = owner;
        }

        var signalAt = at.AddHours(-5);
        return Lead.Create(id, attributes, [new Signal("demo_request", signalAt, EventId: id + "-d"), new Signal("pricing_view", signalAt, EventId: id + "-p")]);
    }
}
