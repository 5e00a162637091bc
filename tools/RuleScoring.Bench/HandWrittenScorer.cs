using System.Globalization;
using RuleScoring.Core.Leads;

namespace RuleScoring.Bench;

/// <summary>The parts of a card both scorers produce, compared lead by lead to prove they agree.</summary>
internal sealed record BenchCard(decimal FitRaw, decimal IntentRaw, decimal BehaviorRaw, decimal Composite, string Tier, string ReasonCodes);

/// <summary>
/// The shipped default model (rules/*.json, version 1.0.0) written out by hand in C#, as a team
/// without a rules engine would: the baseline the engine's speed is measured against. It is
/// deliberately straightforward, not tuned: a dictionary index of signals per lead, the lists
/// as hash sets. The benchmark checks it agrees with <c>LeadScorer</c> on every lead; when the
/// default rules change, this file must change with them (the mismatch count says so).
/// </summary>
internal static class HandWrittenScorer
{
    private static readonly HashSet<string> ServedCountries = Set("united states", "us", "usa", "canada", "ca", "united kingdom", "uk", "gb", "ireland", "ie", "germany", "de", "france", "fr", "netherlands", "nl", "sweden", "se", "denmark", "dk", "norway", "no", "australia", "au", "new zealand", "nz");
    private static readonly HashSet<string> TargetIndustries = Set("software", "saas", "computer software", "information technology", "internet", "financial services", "fintech", "professional services", "marketing and advertising");
    private static readonly HashSet<string> TargetFunctions = Set("sales", "marketing", "revenue operations", "revops", "sales operations", "marketing operations", "growth", "customer success");
    private static readonly HashSet<string> ExecutiveSeniority = Set("c-level", "c-suite", "executive", "vp", "vice president", "owner", "founder", "partner");
    private static readonly string[] ExecutiveTitles = Words("ceo", "cro", "cmo", "coo", "cfo", "cto", "chief", "vp", "svp", "evp", "vice president", "founder", "co founder", "owner", "president");
    private static readonly string[] DirectorTitles = Words("director", "head of");
    private static readonly string[] ManagerTitles = Words("manager", "lead", "team lead", "supervisor");
    private static readonly HashSet<string> IndividualSeniority = Set("ic", "individual contributor", "entry", "associate", "staff");
    private static readonly string[] StudentTitles = Words("student", "intern", "phd candidate", "undergraduate", "graduate student");
    private static readonly HashSet<string> PartnerTech = Set("salesforce", "hubspot", "snowflake", "segment", "slack", "outreach", "salesloft");
    private static readonly HashSet<string> ReplaceableTools = Set("marketo", "pardot", "eloqua", "leadspace", "infer");
    private static readonly string[] CompetitorDomains = ["madkudu.com", "6sense.com", "demandbase.com", "leadscoringrival.io"];
    private static readonly string[] AcademicDomains = ["edu", "ac.uk", "edu.au", "ac.in", "edu.in", "ac.nz", "ac.jp", "edu.cn", "students.example.org"];
    private static readonly string[] BottomOfFunnel = ["roi_calculator", "comparison_page_view", "case_study_view", "solution_brief_download", "security_page_view", "integration_docs_view"];

    public static BenchCard Score(Lead lead, DateTimeOffset asOf)
    {
        var reasons = new List<(string Code, decimal Points)>(16);
        var signals = Index(lead.Signals, asOf);
        var fit = Fit(lead, signals, reasons);
        var intent = Intent(signals, reasons);
        var behavior = Behavior(signals, reasons);

        var motion = Text(lead, "motion");
        var (wFit, wIntent, wBehavior) = motion switch
        {
            "abm" => (25m, 60m, 15m),
            "plg" => (25m, 25m, 50m),
            _ => (50m, 35m, 15m),
        };
        var fitScore = Normalise(fit);
        var intentScore = Normalise(intent);
        var behaviorScore = Normalise(behavior);
        var composite = Math.Round((fitScore * wFit + intentScore * wIntent + behaviorScore * wBehavior) / 100, 1, MidpointRounding.AwayFromZero);

        var disqualified = reasons.Exists(r => r.Code is "fit.competitor_domain" or "fit.unsubscribed");
        var tier = disqualified ? "D"
            : fitScore >= 40 && intentScore >= 30 ? "A"
            : fitScore >= 30 && (intentScore >= 20 || behaviorScore >= 25) ? "B"
            : fitScore >= 30 ? "C"
            : "D";

        reasons.Sort(static (a, b) =>
        {
            var byImpact = Math.Abs(b.Points).CompareTo(Math.Abs(a.Points));
            return byImpact != 0 ? byImpact : string.CompareOrdinal(a.Code, b.Code);
        });
        return new BenchCard(fit, intent, behavior, composite, tier, string.Join(' ', reasons.Select(r => $"{r.Code}={r.Points.ToString("0.####", CultureInfo.InvariantCulture)}")));
    }

    private static decimal Fit(Lead lead, SignalIndex signals, List<(string, decimal)> reasons)
    {
        var raw = 0m;
        void Add(string code, decimal points)
        {
            reasons.Add((code, points));
            raw += points;
        }

        int? employees = int.TryParse(Text(lead, "employees"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        switch (employees)
        {
            case < 10: Add("fit.under_10_employees", -20); break;
            case < 50: Add("fit.size_small", 5); break;
            case < 200: Add("fit.size_mid", 10); break;
            case < 1000: Add("fit.size_core", 20); break;
            case < 5000: Add("fit.size_large", 15); break;
            case not null: Add("fit.size_enterprise", 10); break;
        }

        var industry = Text(lead, "industry");
        var country = Text(lead, "country");
        var seniority = Text(lead, "seniority");
        var title = Text(lead, "title");
        var function = Text(lead, "function");
        var titleWords = WordForm(title);
        var executiveTitle = title.Length > 0 && Mentions(titleWords, ExecutiveTitles);
        var directorTitle = title.Length > 0 && Mentions(titleWords, DirectorTitles);
        var managerTitle = title.Length > 0 && Mentions(titleWords, ManagerTitles);
        var studentTitle = title.Length > 0 && Mentions(titleWords, StudentTitles);

        if (TargetIndustries.Contains(industry))
        {
            Add("fit.target_industry", 15);
        }

        if (ServedCountries.Contains(country))
        {
            Add("fit.served_geography", 10);
        }
        else if (country.Length > 0)
        {
            Add("fit.outside_geography", -30);
        }

        if (ExecutiveSeniority.Contains(seniority) || (seniority.Length == 0 && executiveTitle))
        {
            Add("fit.executive", 25);
        }

        if (seniority == "director" || (seniority.Length == 0 && !executiveTitle && directorTitle))
        {
            Add("fit.director", 20);
        }

        if (seniority == "manager" || (seniority.Length == 0 && !executiveTitle && !directorTitle && managerTitle))
        {
            Add("fit.manager", 10);
        }

        if (IndividualSeniority.Contains(seniority)
            || (seniority.Length == 0 && title.Length > 0 && !executiveTitle && !directorTitle && !managerTitle && !studentTitle))
        {
            Add("fit.individual_contributor", 5);
        }

        if (TargetFunctions.Contains(function))
        {
            Add("fit.target_function", 10);
        }
        else if (function.Length > 0)
        {
            Add("fit.outside_function", -10);
        }

        var stack = Text(lead, "tech_stack").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (stack.Any(PartnerTech.Contains))
        {
            Add("fit.partner_tech", 10);
        }

        if (stack.Any(ReplaceableTools.Contains))
        {
            Add("fit.replaced_tool", 10);
        }

        var domain = Domain(lead);
        if (EndsWithDomain(domain, AcademicDomains) || studentTitle)
        {
            Add("fit.student_academic", -50);
        }

        if (EndsWithDomain(domain, CompetitorDomains))
        {
            Add("fit.competitor_domain", -100);
        }

        if (signals.Ages.ContainsKey("unsubscribe"))
        {
            Add("fit.unsubscribed", -100);
        }

        if (CountWithin(signals, "careers_page_view", 90) >= 2)
        {
            Add("fit.job_seeker", -30);
        }

        return raw;
    }

    private static decimal Intent(SignalIndex signals, List<(string, decimal)> reasons)
    {
        var raw = 0m;
        void Once(string code, decimal points, int? newestAge)
        {
            if (newestAge is not { } age)
            {
                return;
            }

            var decayed = Math.Round(points * IntentDecay(age), 2, MidpointRounding.AwayFromZero);
            if (decayed != 0)
            {
                reasons.Add((code, decayed));
                raw += decayed;
            }
        }

        Once("intent.demo_request", 50, Newest(signals, "demo_request"));
        var pricing = CountWithin(signals, "pricing_view", 30);
        if (pricing >= 3)
        {
            Once("intent.pricing_deep", 35, Newest(signals, "pricing_view"));
        }
        else if (pricing >= 1)
        {
            Once("intent.pricing_single", 15, Newest(signals, "pricing_view"));
        }

        Once("intent.roi_calculator", 30, Newest(signals, "roi_calculator"));
        Once("intent.competitor_comparison", 25, Newest(signals, "comparison_page_view"));
        Once("intent.trial_signup", 40, Newest(signals, "trial_signup"));
        if (signals.SurgeMax >= 60)
        {
            Once("intent.topic_surge", 30, Newest(signals, "topic_surge"));
        }

        Once("intent.g2_buyer_intent", 25, Newest(signals, "g2_buyer_intent"));
        Once("intent.research_spike", 20, Newest(signals, "research_spike"));

        var bofuCount = 0;
        int? bofuNewest = null;
        foreach (var type in BottomOfFunnel)
        {
            var within = CountWithin(signals, type, 30);
            if (within > 0)
            {
                bofuCount += within;
                bofuNewest = Math.Min(bofuNewest ?? int.MaxValue, signals.Ages[type][0]);
            }
        }

        if (bofuCount >= 4)
        {
            Once("intent.bottom_of_funnel_content", 20, bofuNewest);
        }

        return raw;
    }

    private static decimal Behavior(SignalIndex signals, List<(string, decimal)> reasons)
    {
        var raw = 0m;
        void Add(string code, decimal points)
        {
            if (points != 0)
            {
                reasons.Add((code, points));
                raw += points;
            }
        }

        decimal Decayed(decimal points, int age) => Math.Round(points * BehaviorDecay(age), 2, MidpointRounding.AwayFromZero);

        if (Newest(signals, "webinar_attended") is { } webinar)
        {
            Add("behavior.webinar_attended", Decayed(20, webinar));
        }
        else if (Newest(signals, "webinar_no_show") is { } noShow)
        {
            Add("behavior.webinar_no_show", Decayed(3, noShow));
        }

        if (Newest(signals, "ebook_download") is { } ebook)
        {
            Add("behavior.ebook_download", Decayed(10, ebook));
        }

        if (CountWithin(signals, "blog_view", 30) >= 3)
        {
            Add("behavior.blog_depth", Decayed(8, signals.Ages["blog_view"][0]));
        }

        Add("behavior.newsletter_open", PerEvent(signals, "newsletter_open", 2, 3));
        Add("behavior.email_click", PerEvent(signals, "email_click", 5, 2));
        if (Newest(signals, "trial_activated") is { } trial)
        {
            Add("behavior.trial_activated", Decayed(30, trial));
        }

        Add("behavior.feature_used", signals.FeatureAges.Sum(age => Decayed(15, age)));
        if (Newest(signals, "usage_limit_reached") is { } limit)
        {
            Add("behavior.usage_limit", Decayed(25, limit));
        }

        return raw;

        decimal PerEvent(SignalIndex index, string type, decimal points, int max) =>
            index.Ages.TryGetValue(type, out var ages) ? ages.Take(max).Sum(age => Decayed(points, age)) : 0;
    }

    /// <summary>Ages (whole days) of each type's signals up to as-of, most recent first.</summary>
    private static SignalIndex Index(IReadOnlyList<Signal> signals, DateTimeOffset asOf)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var surgeMax = 0d;
        var features = new List<(int Age, string Topic)>();
        foreach (var signal in signals)
        {
            if (signal.OccurredAt > asOf)
            {
                continue;
            }

            var age = (int)Math.Floor((asOf - signal.OccurredAt).TotalDays);
            if (!index.TryGetValue(signal.Type, out var ages))
            {
                index[signal.Type] = ages = new List<int>(4);
            }

            ages.Add(age);
            if (signal.Type == "topic_surge" && age <= 28)
            {
                surgeMax = Math.Max(surgeMax, signal.Value ?? 0);
            }
            else if (signal.Type == "feature_used" && !string.IsNullOrEmpty(signal.Topic))
            {
                features.Add((age, signal.Topic));
            }
        }

        foreach (var ages in index.Values)
        {
            ages.Sort();
        }

        features.Sort(static (a, b) => a.Age.CompareTo(b.Age));
        var topics = new List<int>(3);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (age, topic) in features)
        {
            if (topics.Count < 3 && seen.Add(topic))
            {
                topics.Add(age);
            }
        }

        return new SignalIndex(index, surgeMax, topics);
    }

    private static int? Newest(SignalIndex index, string type) =>
        index.Ages.TryGetValue(type, out var ages) ? ages[0] : null;

    private static int CountWithin(SignalIndex index, string type, int days) =>
        index.Ages.TryGetValue(type, out var ages) ? ages.Count(age => age <= days) : 0;

    private static decimal IntentDecay(int age) => age switch
    {
        <= 7 => 1m,
        <= 14 => 0.75m,
        <= 30 => 0.5m,
        <= 60 => 0.25m,
        _ => 0m,
    };

    private static decimal BehaviorDecay(int age) => age switch
    {
        <= 30 => 1m,
        <= 60 => 0.75m,
        <= 90 => 0.5m,
        <= 180 => 0.25m,
        _ => 0m,
    };

    private static decimal Normalise(decimal raw) => Math.Round(Math.Clamp(raw, 0, 100), 1, MidpointRounding.AwayFromZero);

    private static string Text(Lead lead, string name) =>
        lead.Attributes.TryGetValue(name, out var value) ? value.Trim().ToLowerInvariant() : "";

    private static string Domain(Lead lead)
    {
        var domain = Text(lead, "domain");
        if (domain.Length == 0)
        {
            var email = Text(lead, "email");
            var at = email.LastIndexOf('@');
            domain = at >= 0 ? email[(at + 1)..] : "";
        }

        return domain.StartsWith("www.", StringComparison.Ordinal) ? domain[4..] : domain;
    }

    private static bool EndsWithDomain(string domain, string[] entries) =>
        domain.Length > 0 && entries.Any(e => domain == e || (domain.EndsWith("." + e, StringComparison.Ordinal)));

    private static bool Mentions(string words, string[] phrases) => phrases.Any(p => words.Contains(p, StringComparison.Ordinal));

    private static string WordForm(string text) =>
        " " + string.Join(' ', text.Split(NonWord, StringSplitOptions.RemoveEmptyEntries)) + " ";

    private static readonly char[] NonWord = [.. Enumerable.Range(0, 128).Select(i => (char)i).Where(c => !char.IsLetterOrDigit(c))];

    private static HashSet<string> Set(params string[] values) => new(values, StringComparer.Ordinal);

    private static string[] Words(params string[] phrases) => [.. phrases.Select(p => " " + p + " ")];

    /// <summary>
    /// A lead's signals up to as-of: ages (whole days) per type, most recent first; the highest
    /// surge score within 28 days; the ages of the three most recently used distinct features.
    /// </summary>
    private sealed record SignalIndex(Dictionary<string, List<int>> Ages, double SurgeMax, List<int> FeatureAges);
}
