using System.Globalization;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Pilot;

namespace RuleScoring.SampleData;

/// <summary>
/// Generates a year of B2B leads the way a CRM would hold them: companies with several contacts,
/// fit attributes, web / email / product / third-party signals, opportunities and sales
/// dispositions. Outcomes are drawn from a hidden buying quality that depends on who the lead
/// is and whether their company is in a buying cycle, never on our rules: a model that scores
/// fit and intent well separates won from lost here, a model that does not, does not.
/// Deterministic for a seed; lazy, so a million leads stream in constant memory.
/// </summary>
public static class SampleGenerator
{
    private static readonly string[] TargetIndustries = ["Software", "SaaS", "Information Technology", "Financial Services", "Internet", "Professional Services"];
    private static readonly string[] OtherIndustries = ["Retail", "Manufacturing", "Healthcare", "Education", "Construction", "Hospitality", "Government"];
    private static readonly string[] ServedCountries = ["United States", "United States", "United States", "Canada", "United Kingdom", "Germany", "France", "Netherlands", "Australia", "Sweden"];
    private static readonly string[] OtherCountries = ["India", "Brazil", "Nigeria", "Indonesia", "Mexico", "Philippines"];
    private static readonly string[] TargetFunctions = ["Sales", "Marketing", "Revenue Operations", "Sales Operations", "Growth", "Customer Success"];
    private static readonly string[] OtherFunctions = ["Engineering", "Finance", "HR", "Legal", "IT"];
    private static readonly string[] Tools = ["Salesforce", "HubSpot", "Snowflake", "Marketo", "Pardot", "Slack", "Outreach", "Zendesk", "Jira", "Segment"];
    private static readonly string[] FreeMail = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com"];
    private static readonly string[] Academic = ["mit.edu", "stanford.edu", "ox.ac.uk", "unimelb.edu.au"];
    private static readonly string[] Competitors = ["madkudu.com", "6sense.com", "demandbase.com"];
    private static readonly string[] FirstNames = ["Dana", "Alex", "Sam", "Priya", "Jonas", "Mei", "Omar", "Lucia", "Tom", "Aisha", "Ken", "Sofia"];
    private static readonly string[] LastNames = ["Rivera", "Chen", "Okafor", "Schmidt", "Patel", "Nguyen", "Smith", "Garcia", "Kowalski", "Haddad"];
    private static readonly string[] Features = ["reports", "routing", "alerts", "api", "sso", "exports", "playbooks"];
    private static readonly string[] SurgeTopics = ["lead scoring", "revenue operations", "intent data", "sales engagement"];
    private static readonly string[] BottomOfFunnel = ["case_study_view", "solution_brief_download", "security_page_view", "integration_docs_view"];
    private static readonly string[] Reps = ["rep.ana", "rep.ben", "rep.chloe", "rep.dev"];

    private static readonly (string Title, string Seniority, double Fit)[] Roles =
    [
        ("Chief Revenue Officer", "c-level", 1.0), ("VP, Marketing", "vp", 1.0), ("VP Sales", "vp", 1.0),
        ("Director of Sales", "director", 0.8), ("Head of RevOps", "", 0.8), ("Director, Demand Generation", "director", 0.8),
        ("Marketing Manager", "manager", 0.5), ("Sales Operations Manager", "manager", 0.5), ("Team Lead, SDR", "", 0.45),
        ("Account Executive", "", 0.3), ("Marketing Specialist", "ic", 0.25), ("Sales Development Rep", "", 0.2),
    ];

    /// <summary>The seats of a buying committee: who decides, who evaluates the tech, who champions it.</summary>
    private static readonly (string Title, string Seniority, double Fit, string Function)[] CommitteeSeats =
    [
        ("Chief Revenue Officer", "c-level", 1.0, "Sales"), ("VP, Marketing", "vp", 1.0, "Marketing"),
        ("Director of IT", "director", 0.6, "IT"), ("Engineering Manager", "manager", 0.5, "Engineering"),
        ("Marketing Manager", "manager", 0.5, "Marketing"), ("Director, Sales Operations", "director", 0.8, "Sales Operations"),
    ];

    public static IEnumerable<SampleLead> Generate(SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = new Random(options.Seed);
        var start = options.End.AddDays(-options.Days);
        var companies = Math.Max(1, options.Leads / 3);
        for (var i = 0; i < options.Leads; i++)
        {
            // Contacts of one company share its firmographics and its buying cycle.
            var companyId = random.Next(companies);
            var company = Company.For(companyId, options.Seed, start, options.Days, options.Committees);
            yield return NextLead(random, i, company, start, options);
        }
    }

    private static SampleLead NextLead(Random random, int index, Company company, DateTimeOffset start, SampleOptions options)
    {
        var leadId = $"L-{index + 1:D6}";
        var first = Pick(random, FirstNames);
        var last = Pick(random, LastNames);
        var persona = random.NextDouble();
        var (title, seniority, roleFit) = Pick(random, Roles);
        var function = random.NextDouble() < 0.75 ? Pick(random, TargetFunctions) : Pick(random, OtherFunctions);
        var domain = company.Domain;
        var kind = LeadKind.Business;
        if (persona < 0.04)
        {
            kind = LeadKind.Student;
            domain = Pick(random, Academic);
            (title, seniority, roleFit) = (random.Next(2) == 0 ? "Student" : "PhD Candidate", "", 0);
            function = "";
        }
        else if (persona < 0.05)
        {
            kind = LeadKind.Competitor;
            domain = Pick(random, Competitors);
        }
        else if (persona < 0.17)
        {
            domain = Pick(random, FreeMail);
        }

        if (kind == LeadKind.Business && domain == company.Domain && company.Committee)
        {
            // A company buying as a committee: its contacts spread over the seats (from their own
            // Random, so the main sequence and every other lead stay as they were).
            var seat = new Random(unchecked((options.Seed * 1_000_003) ^ (index * 7_919) ^ 0xc0de)).Next(CommitteeSeats.Length);
            (title, seniority, roleFit, function) = CommitteeSeats[seat];
        }

        // The hidden truth: how good a customer this person's deal would be.
        var fitTruth = kind == LeadKind.Business
            ? Math.Clamp(0.35 * company.Fit + 0.35 * roleFit + (TargetFunctions.Contains(function) ? 0.2 : 0) + (domain == company.Domain ? 0.1 : 0), 0, 1)
            : 0;
        var createdAt = start.AddMinutes(random.Next(0, (options.Days - 7) * 24 * 60));
        var buying = kind == LeadKind.Business && company.BuyingFrom is { } cycle && cycle > createdAt && random.NextDouble() < 0.5 + 0.4 * fitTruth;

        var signals = new List<Signal>();
        var events = new EventWriter(leadId, signals, options.End);
        Engagement(random, events, createdAt, options.End, kind, options.Activity);
        if (buying)
        {
            BuyingCycle(random, events, company.BuyingFrom!.Value, company);
        }
        else if (random.NextDouble() < 0.15)
        {
            // Tyre-kickers: one pricing look or a comparison, no cycle behind it.
            events.Add(random.Next(3) == 0 ? "comparison_page_view" : "pricing_view", Between(random, createdAt, options.End));
        }

        if (kind == LeadKind.Student && random.NextDouble() < 0.3)
        {
            events.Add("careers_page_view", Between(random, createdAt, options.End));
            events.Add("careers_page_view", Between(random, createdAt, options.End));
        }

        if (!buying && random.NextDouble() < 0.03)
        {
            events.Add("unsubscribe", Between(random, createdAt, options.End));
        }

        if (signals.Count > options.MaxSignals)
        {
            // Keep the most recent: the ones that decide today's score.
            signals.Sort(static (a, b) => b.OccurredAt.CompareTo(a.OccurredAt));
            signals.RemoveRange(options.MaxSignals, signals.Count - options.MaxSignals);
        }

        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["email"] = $"{first}.{last}{index}@{domain}".ToLowerInvariant(),
            ["company"] = kind == LeadKind.Competitor ? domain : company.Name,
            ["employees"] = company.Employees.ToString(CultureInfo.InvariantCulture),
            ["industry"] = company.Industry,
            ["country"] = company.Country,
            ["title"] = title,
            ["seniority"] = seniority,
            ["function"] = function,
            ["tech_stack"] = company.TechStack,
            ["lifecycle_stage"] = buying ? "marketingqualifiedlead" : "lead",
        };
        var lead = new Lead(leadId, attributes, signals);
        var routed = options.Pilot is { } pilot && PilotGroups.GroupOf(leadId, pilot.Seed, pilot.Share) == PilotGroups.Pilot;
        var deal = Deal(random, leadId, buying, fitTruth, company, createdAt, options.End, routed);
        var disposition = Disposition(random, kind, fitTruth, buying, deal, company, createdAt, options.End, routed);
        return new SampleLead(lead, createdAt, buying ? fitTruth : fitTruth * 0.2, deal, disposition);
    }

    private static void Engagement(Random random, EventWriter events, DateTimeOffset from, DateTimeOffset to, LeadKind kind, double activity)
    {
        // Engagement is common and only loosely tied to buying: students read a lot.
        var volume = (int)Math.Round((kind == LeadKind.Student ? random.Next(8, 30) : random.Next(0, 18)) * activity);
        for (var n = 0; n < volume; n++)
        {
            var roll = random.NextDouble();
            var type = roll switch
            {
                < 0.35 => "newsletter_open",
                < 0.60 => "blog_view",
                < 0.75 => "email_click",
                < 0.85 => "ebook_download",
                < 0.92 => "webinar_attended",
                _ => "webinar_no_show",
            };
            events.Add(type, Between(random, from, to));
        }
    }

    private static void BuyingCycle(Random random, EventWriter events, DateTimeOffset cycle, Company company)
    {
        // Third-party intent shows up before first-party: the account researches, then visits.
        if (random.NextDouble() < 0.4)
        {
            events.Add("topic_surge", cycle.AddDays(-random.Next(3, 20)), Pick(random, SurgeTopics), random.Next(55, 100));
        }

        if (random.NextDouble() < 0.25)
        {
            events.Add("g2_buyer_intent", cycle.AddDays(-random.Next(0, 14)));
        }

        if (random.NextDouble() < 0.2)
        {
            events.Add("research_spike", cycle.AddDays(-random.Next(0, 21)));
        }

        var pricingViews = random.Next(0, 5);
        for (var n = 0; n < pricingViews; n++)
        {
            events.Add("pricing_view", cycle.AddHours(random.Next(0, 14 * 24)));
        }

        var content = random.Next(0, 6);
        for (var n = 0; n < content; n++)
        {
            events.Add(Pick(random, BottomOfFunnel), cycle.AddHours(random.Next(0, 21 * 24)));
        }

        if (random.NextDouble() < 0.35)
        {
            events.Add("roi_calculator", cycle.AddHours(random.Next(24, 20 * 24)));
        }

        if (random.NextDouble() < 0.3)
        {
            events.Add("comparison_page_view", cycle.AddHours(random.Next(0, 20 * 24)));
        }

        if (random.NextDouble() < 0.45 + 0.2 * company.Fit)
        {
            events.Add("demo_request", cycle.AddHours(random.Next(24, 21 * 24)));
        }

        if (random.NextDouble() < 0.3)
        {
            var trial = cycle.AddHours(random.Next(0, 14 * 24));
            events.Add("trial_signup", trial);
            events.Add("trial_activated", trial.AddHours(random.Next(1, 48)));
            var features = random.Next(1, 5);
            for (var n = 0; n < features; n++)
            {
                events.Add("feature_used", trial.AddDays(random.Next(1, 20)), Pick(random, Features));
            }

            if (random.NextDouble() < 0.3)
            {
                events.Add("usage_limit_reached", trial.AddDays(random.Next(5, 25)));
            }
        }
    }

    private static SampleDeal? Deal(Random random, string leadId, bool buying, double fitTruth, Company company, DateTimeOffset createdAt, DateTimeOffset end, bool routed)
    {
        DateTimeOffset opened;
        double winRate;
        if (buying && random.NextDouble() < 0.7)
        {
            opened = company.BuyingFrom!.Value.AddDays(random.Next(5, 30));
            // A pilot lead was worked sooner: a slightly better chance to win.
            winRate = 0.1 + 0.6 * fitTruth + (routed ? 0.08 : 0);
        }
        else if (random.NextDouble() < 0.03)
        {
            // Outbound or referral deals that no marketing signal predicted.
            opened = Between(random, createdAt, end);
            winRate = 0.1;
        }
        else
        {
            return null;
        }

        if (opened > end)
        {
            return null;
        }

        var closed = opened.AddDays(random.Next(15, 120));
        var outcome = closed > end ? "open" : random.NextDouble() < winRate ? "won" : "lost";
        var amount = Math.Round(company.Employees * (20m + random.Next(0, 60)) / 100) * 100;
        var segment = company.Employees switch
        {
            < 200 => "SMB",
            < 1000 => "Mid-Market",
            _ => "Enterprise",
        };
        return new SampleDeal($"OPP-{leadId[2..]}", opened, outcome == "open" ? null : closed, outcome, Math.Clamp(amount, 3_000m, 400_000m), segment);
    }

    private static SampleDisposition? Disposition(Random random, LeadKind kind, double fitTruth, bool buying, SampleDeal? deal,
        Company company, DateTimeOffset createdAt, DateTimeOffset end, bool routed)
    {
        // Sales sees the leads marketing hands over: every buyer, and some that only looked busy.
        if (!buying && deal is null && random.NextDouble() > 0.08)
        {
            return null;
        }

        // Reps answer a hand-raiser (a demo request or a trial) within minutes to days, the
        // rest whenever they get to them: the spread SLA compliance is measured on.
        var handRaise = buying ? company.BuyingFrom!.Value.AddMinutes(random.Next(24 * 60, 21 * 24 * 60)) : (DateTimeOffset?)null;
        var answered = handRaise is { } && random.NextDouble() < 0.7;
        var at = answered
            ? handRaise!.Value.AddMinutes(random.NextDouble() < 0.5 ? random.Next(5, 60) : random.Next(60, 3 * 24 * 60))
            : deal?.CreatedAt.AddDays(-2) ?? Between(random, createdAt, end);
        at = at < createdAt ? createdAt : at > end ? end : at;
        if (routed)
        {
            // Routed by score: the rep gets the lead at once and answers in half the time.
            var from = answered && handRaise!.Value < at ? handRaise.Value : createdAt;
            at = from + (at - from) / 2;
        }

        var rep = Pick(random, Reps);
        if (deal is not null || (buying && fitTruth > (routed ? 0.4 : 0.5)))
        {
            return new SampleDisposition(at, "accepted", "", rep);
        }

        var reason = kind switch
        {
            LeadKind.Student => "Student / not a buyer",
            LeadKind.Competitor => "Competitor",
            _ when !ServedCountries.Contains(company.Country) => "Outside our territory",
            _ when fitTruth < 0.4 => "Not a fit",
            _ => "No budget or timing",
        };
        return new SampleDisposition(at, "rejected", reason, rep);
    }

    private static DateTimeOffset Between(Random random, DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = (long)(to - from).TotalMinutes;
        return minutes <= 0 ? from : from.AddMinutes(random.NextInt64(0, minutes));
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private enum LeadKind
    {
        Business,
        Student,
        Competitor,
    }

    /// <summary>Firmographics and buying cycle of a company, derived from its id so every contact agrees.</summary>
    private sealed record Company(string Name, string Domain, int Employees, string Industry, string Country, string TechStack, double Fit, DateTimeOffset? BuyingFrom, bool Committee)
    {
        public static Company For(int id, int seed, DateTimeOffset start, int days, double committees)
        {
            // Not HashCode.Combine: it is seeded per process, so the same seed gave other companies on every run.
            var random = new Random(unchecked((seed * 1_000_003) ^ (id * 7_919) ^ 0x5eed));
            var employees = (int)Math.Exp(random.NextDouble() * Math.Log(20_000 / 3.0) + Math.Log(3));
            var targetIndustry = random.NextDouble() < 0.55;
            var served = random.NextDouble() < 0.85;
            var tools = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Pick(random, Tools)).Distinct();
            var sizeFit = employees switch
            {
                < 10 => 0,
                < 50 => 0.3,
                < 200 => 0.6,
                < 1000 => 1,
                < 5000 => 0.8,
                _ => 0.6,
            };
            var fit = served ? 0.5 * sizeFit + (targetIndustry ? 0.5 : 0.1) : 0.1 * sizeFit;
            // Better-fit companies are more often in market; a cycle starts somewhere in the period.
            DateTimeOffset? buying = random.NextDouble() < 0.1 + 0.35 * fit ? start.AddDays(random.Next(14, days)) : null;
            var name = $"{Pick(random, ["North", "Blue", "Bright", "Iron", "Clear", "Summit", "Harbor"])}{Pick(random, ["wind", "stone", "path", "field", "works", "labs", "point"])} {id}";
            var industry = targetIndustry ? Pick(random, TargetIndustries) : Pick(random, OtherIndustries);
            var country = served ? Pick(random, ServedCountries) : Pick(random, OtherCountries);
            // Drawn last, so every other company attribute is what it was before committees existed.
            var committee = buying is not null && random.NextDouble() < committees;
            return new Company(name, $"{name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}.com", employees,
                industry, country, string.Join(';', tools), fit, buying, committee);
        }
    }

    /// <summary>Adds a lead's events, dropping any the generator dated after the end of the period.</summary>
    private sealed class EventWriter(string leadId, List<Signal> signals, DateTimeOffset end)
    {
        private int _sequence;

        public void Add(string type, DateTimeOffset at, string? topic = null, double? value = null)
        {
            if (at <= end)
            {
                signals.Add(new Signal(type, at, $"{leadId}-{++_sequence}", topic, value, Source(type)));
            }
        }

        private static string Source(string type) => type switch
        {
            "topic_surge" or "g2_buyer_intent" or "research_spike" => "third_party",
            "newsletter_open" or "email_click" or "unsubscribe" => "email",
            "trial_activated" or "feature_used" or "usage_limit_reached" => "product",
            "webinar_attended" or "webinar_no_show" or "ebook_download" => "marketing",
            _ => "web",
        };
    }
}
