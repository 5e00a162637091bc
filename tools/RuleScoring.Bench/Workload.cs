using System.Globalization;
using RuleScoring.Core.Leads;

namespace RuleScoring.Bench;

/// <summary>
/// A seeded, reproducible population of leads for the benchmark: fit attributes drawn from
/// on-list and off-list values (so every fit rule both fires and misses), and 0-40 signals
/// per lead spread over the last ~200 days (so every decay step is exercised).
/// </summary>
internal static class Workload
{
    private static readonly string[] Industries =
        ["software", "SaaS", "Financial Services", "information technology", "internet", "retail", "manufacturing", "education", "healthcare", ""];

    private static readonly string[] Countries =
        ["United States", "us", "Canada", "United Kingdom", "Germany", "France", "Netherlands", "Australia", "India", "Brazil", "Nigeria", ""];

    private static readonly string[] Seniorities = ["", "", "", "vp", "director", "manager", "ic", "c-level", "entry"];

    private static readonly string[] Titles =
    [
        "VP, Marketing", "Chief Revenue Officer", "Director of Sales", "Head of RevOps", "Marketing Manager",
        "Sales Operations Lead", "Account Executive", "Software Engineer", "Student", "PhD Candidate", "Founder", "",
    ];

    private static readonly string[] Functions = ["sales", "marketing", "revenue operations", "engineering", "finance", "hr", "growth", ""];

    private static readonly string[] Tools =
        ["salesforce", "hubspot", "snowflake", "marketo", "pardot", "slack", "zendesk", "jira", "excel", "segment"];

    private static readonly string[] Domains =
    [
        "acme.com", "globex.io", "initech.com", "umbrella.co", "hooli.com", "gmail.com", "mit.edu", "ox.ac.uk",
        "madkudu.com", "eu.6sense.com", "piedpiper.com", "vandelay.com", "stark.industries", "wayne.com",
    ];

    // Frequency-weighted: engagement events are common, buying signals rare, as in a real funnel.
    private static readonly (string Type, int Weight)[] SignalTypes =
    [
        ("newsletter_open", 18), ("email_click", 10), ("blog_view", 14), ("ebook_download", 5), ("webinar_attended", 3),
        ("webinar_no_show", 2), ("pricing_view", 6), ("demo_request", 1), ("roi_calculator", 1), ("comparison_page_view", 2),
        ("trial_signup", 1), ("case_study_view", 3), ("solution_brief_download", 2), ("security_page_view", 1),
        ("integration_docs_view", 2), ("topic_surge", 2), ("g2_buyer_intent", 1), ("research_spike", 1),
        ("trial_activated", 1), ("feature_used", 5), ("usage_limit_reached", 1), ("unsubscribe", 1), ("careers_page_view", 2),
    ];

    private static readonly string[] Features = ["reports", "routing", "alerts", "api", "sso", "exports"];
    private static readonly string[] Topics = ["lead scoring", "revops", "intent data", "crm"];

    public static Lead[] Generate(int count, int seed, DateTimeOffset asOf, int maxSignals = 40)
    {
        var random = new Random(seed);
        var totalWeight = SignalTypes.Sum(s => s.Weight);
        var leads = new Lead[count];
        for (var i = 0; i < count; i++)
        {
            var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["email"] = $"person{i}@{Pick(random, Domains)}",
                ["industry"] = Pick(random, Industries),
                ["country"] = Pick(random, Countries),
                ["seniority"] = Pick(random, Seniorities),
                ["title"] = Pick(random, Titles),
                ["function"] = Pick(random, Functions),
                ["tech_stack"] = string.Join(';', Enumerable.Range(0, random.Next(0, 4)).Select(_ => Pick(random, Tools))),
            };
            if (random.Next(20) != 0)
            {
                // Log-uniform 2..20,000 employees; one lead in 20 has no size on record.
                attributes["employees"] = ((int)Math.Exp(random.NextDouble() * Math.Log(10_000) + Math.Log(2))).ToString(CultureInfo.InvariantCulture);
            }

            if (random.Next(10) == 0)
            {
                attributes["motion"] = random.Next(2) == 0 ? "abm" : "plg";
            }

            var signals = new Signal[random.Next(0, maxSignals + 1)];
            for (var s = 0; s < signals.Length; s++)
            {
                var type = PickWeighted(random, totalWeight);
                var occurredAt = asOf.AddMinutes(-random.Next(0, 200 * 24 * 60));
                signals[s] = type switch
                {
                    "feature_used" => new Signal(type, occurredAt, Topic: Pick(random, Features)),
                    "topic_surge" => new Signal(type, occurredAt, Topic: Pick(random, Topics), Value: random.Next(20, 101)),
                    _ => new Signal(type, occurredAt),
                };
            }

            leads[i] = new Lead($"L-{i:D7}", attributes, signals);
        }

        return leads;
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string PickWeighted(Random random, int totalWeight)
    {
        var roll = random.Next(totalWeight);
        foreach (var (type, weight) in SignalTypes)
        {
            if (roll < weight)
            {
                return type;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("unreachable: weights sum to totalWeight");
    }
}
