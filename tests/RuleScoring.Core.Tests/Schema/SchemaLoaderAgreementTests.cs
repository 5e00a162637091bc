using System.Text.Json.Nodes;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tests.Support;

namespace RuleScoring.Core.Tests.Schema;

/// <summary>
/// The editor and <c>rulescore validate</c> must give the same verdict on the shape of a rules
/// file: a red squiggle the loader accepts, or a file the editor passes that the loader
/// rejects, would teach ops people to ignore one of them. Each case mutates a copy of the
/// shipped rules and asks both.
/// </summary>
public sealed class SchemaLoaderAgreementTests
{
    private const bool Valid = true;
    private const bool Invalid = false;

    private static readonly Dictionary<string, Mutation> Cases = new()
    {
        // model.json: unknown, missing, wrong type, out of range, at each level.
        ["model: no $schema"] = Model(Valid, m => m.AsObject().Remove("$schema")),
        ["model: no description"] = Model(Valid, m => m.AsObject().Remove("description")),
        // Lists are optional, but rules read them: drop the rules that do along with them.
        // The account model needs lists too (free-mail domains, role expressions): it goes with them,
        // and so does routing, whose territories are lists.
        ["model: no lists"] = Model(Valid, m => { m.AsObject().Remove("lists"); m.AsObject().Remove("accounts"); })
            with { Other = ("fit.json", RemoveRulesReadingLists), Delete = "account.json", AlsoDelete = ["routing.json", "teams.json"] },
        ["model: no accounts and no account.json"] = Model(Valid, m => m.AsObject().Remove("accounts")) with { Delete = "account.json" },
        ["model: account role with an unknown property"] = Model(Invalid, m => m["accounts"]!["roles"]![0]!["seniority"] = "vp"),
        ["model: accounts without roles"] = Model(Invalid, m => m["accounts"]!.AsObject().Remove("roles")),
        ["account: scoring rule without reason"] = Props("account.json", "account.economic_buyer", Invalid, p => p.AsObject().Remove("reason")),
        ["account: tier rule with mql"] = Props("account.json", "account.tier.2", Invalid, p => p["mql"] = true),
        ["account: tier rule with a bad sla"] = Props("account.json", "account.tier.2", Invalid, p => p["sla"] = "soon"),
        ["model: no governance"] = Model(Valid, m => m.AsObject().Remove("governance")),
        ["model: pre-release version"] = Model(Valid, m => m["version"] = "1.1.0-rc.1+build.5"),
        ["model: decimal weights"] = Model(Valid, m => m["motions"]!["inbound"] = Motion(50.5m, 34.5m, 15)),
        ["model: signal without groups or source"] = Model(Valid, m => m["signals"]!["demo_request"] = new JsonObject { ["description"] = "Demo form" }),
        ["model: signal type with an inner space"] = Model(Valid, m => m["signals"]!["demo request"] = new JsonObject { ["description"] = "Demo form" }),
        ["model: empty decay steps"] = Model(Valid, m => m["decayProfiles"]!["intent"]!["steps"] = new JsonArray()),
        ["model: emergency without minApprovals"] = Model(Valid, m => Emergency(m).Remove("minApprovals")),
        ["model: unknown top-level property"] = Model(Invalid, m => m["nmae"] = "typo"),
        ["model: unknown dimension property"] = Model(Invalid, m => m["dimensions"]!["fit"]!["weight"] = 50),
        ["model: unknown dimension"] = Model(Invalid, m => m["dimensions"]!["engagement"] = Dimension(100, "behavior")),
        ["model: unknown motion weight"] = Model(Invalid, m => m["motions"]!["inbound"]!["account"] = 0),
        ["model: unknown decay profile property"] = Model(Invalid, m => m["decayProfiles"]!["behavior"]!["halfLife"] = 30),
        ["model: unknown decay step property"] = Model(Invalid, m => m["decayProfiles"]!["behavior"]!["steps"]![0]!["days"] = 30),
        ["model: unknown signal property"] = Model(Invalid, m => m["signals"]!["demo_request"]!["group"] = "bofu"),
        ["model: unknown governance property"] = Model(Invalid, m => m["governance"]!["owners"] = "ops"),
        ["model: unknown change class"] = Model(Invalid, m => m["governance"]!["classes"]!["weight"] = new JsonObject { ["approvals"] = new JsonArray("marketing") }),
        ["model: unknown change class property"] = Model(Invalid, m => m["governance"]!["classes"]!["weights"]!["approvers"] = new JsonArray("sales")),
        ["model: retroReviewDays outside emergency"] = Model(Invalid, m => m["governance"]!["classes"]!["weights"]!["retroReviewDays"] = 5),
        ["model: missing name"] = Model(Invalid, m => m.AsObject().Remove("name")),
        ["model: missing version"] = Model(Invalid, m => m.AsObject().Remove("version")),
        ["model: missing dimension"] = Model(Invalid, m => m["dimensions"]!.AsObject().Remove("behavior")),
        ["model: missing cap"] = Model(Invalid, m => m["dimensions"]!["fit"]!.AsObject().Remove("cap")),
        ["model: missing motion weight"] = Model(Invalid, m => m["motions"]!["abm"]!.AsObject().Remove("behavior")),
        ["model: missing otherwise"] = Model(Invalid, m => m["decayProfiles"]!["intent"]!.AsObject().Remove("otherwise")),
        ["model: missing step multiplier"] = Model(Invalid, m => m["decayProfiles"]!["intent"]!["steps"]![1]!.AsObject().Remove("multiplier")),
        ["model: missing signal description"] = Model(Invalid, m => m["signals"]!["pricing_view"]!.AsObject().Remove("description")),
        ["model: missing governance classes"] = Model(Invalid, m => m["governance"]!.AsObject().Remove("classes")),
        ["model: missing change class"] = Model(Invalid, m => m["governance"]!["classes"]!.AsObject().Remove("thresholds")),
        ["model: emergency without retroReviewDays"] = Model(Invalid, m => Emergency(m).Remove("retroReviewDays")),
        ["model: missing approvals"] = Model(Invalid, m => m["governance"]!["classes"]!["weights"]!.AsObject().Remove("approvals")),
        ["model: version not semver"] = Model(Invalid, m => m["version"] = "1.1"),
        ["model: version as a number"] = Model(Invalid, m => m["version"] = 1.1),
        ["model: cap as a string"] = Model(Invalid, m => m["dimensions"]!["fit"]!["cap"] = "100"),
        ["model: cap 0"] = Model(Invalid, m => m["dimensions"]!["fit"]!["cap"] = 0),
        ["model: weight as a string"] = Model(Invalid, m => m["motions"]!["inbound"]!["fit"] = "50"),
        ["model: negative weight"] = Model(Invalid, m => m["motions"]!["inbound"] = Motion(-5, 90, 15)),
        ["model: multiplier above 1"] = Model(Invalid, m => m["decayProfiles"]!["behavior"]!["steps"]![0]!["multiplier"] = 1.5),
        ["model: negative otherwise"] = Model(Invalid, m => m["decayProfiles"]!["behavior"]!["otherwise"] = -0.1),
        ["model: negative upToDays"] = Model(Invalid, m => m["decayProfiles"]!["behavior"]!["steps"]![0]!["upToDays"] = -1),
        ["model: fractional upToDays"] = Model(Invalid, m => m["decayProfiles"]!["behavior"]!["steps"]![0]!["upToDays"] = 1.5),
        ["model: groups as a string"] = Model(Invalid, m => m["signals"]!["roi_calculator"]!["groups"] = "bofu"),
        ["model: list as a string"] = Model(Invalid, m => m["lists"]!["served_countries"] = "us"),
        ["model: upper-case signal type"] = Model(Invalid, m => m["signals"]!["Demo_Request"] = new JsonObject { ["description"] = "Demo form" }),
        ["model: signal type with a trailing space"] = Model(Invalid, m => m["signals"]!["demo_request "] = new JsonObject { ["description"] = "Demo form" }),
        ["model: empty signal type"] = Model(Invalid, m => m["signals"]![""] = new JsonObject { ["description"] = "Nothing" }),
        ["model: upper-case role"] = Model(Invalid, m => m["governance"]!["roles"]!["Legal"] = "Legal team"),
        ["model: no roles"] = Model(Invalid, m => m["governance"]!["roles"] = new JsonObject()),
        ["model: empty approvals"] = Model(Invalid, m => m["governance"]!["classes"]!["weights"]!["approvals"] = new JsonArray()),
        ["model: approval twice"] = Model(Invalid, m => m["governance"]!["classes"]!["weights"]!["approvals"] = new JsonArray("marketing", "marketing")),
        ["model: minApprovals 0"] = Model(Invalid, m => Emergency(m)["minApprovals"] = 0),
        ["model: retroReviewDays 0"] = Model(Invalid, m => Emergency(m)["retroReviewDays"] = 0),
        ["model: no motions"] = Model(Invalid, m => m["motions"] = new JsonObject()),

        // Nulls: the rules files never use null (leave the property out instead).
        ["model: null description"] = Model(Invalid, m => m["description"] = null),
        ["model: null governance"] = Model(Invalid, m => m["governance"] = null),
        ["model: null lists"] = Model(Invalid, m => m["lists"] = null),
        ["model: null dimension"] = Model(Invalid, m => m["dimensions"]!["fit"] = null),
        ["model: null decay step"] = Model(Invalid, m => m["decayProfiles"]!["behavior"]!["steps"]![0] = null),
        ["model: null group"] = Model(Invalid, m => m["signals"]!["roi_calculator"]!["groups"] = new JsonArray((JsonNode?)null)),
        ["model: null list entry"] = Model(Invalid, m => m["lists"]!["served_countries"]!.AsArray().Add(null)),
        ["model: null approval"] = Model(Invalid, m => m["governance"]!["classes"]!["weights"]!["approvals"] = new JsonArray((JsonNode?)null)),

        // Scoring workflows (fit/intent/behavior.json).
        ["workflow: no $schema"] = Workflow("intent.json", Valid, w => w.AsObject().Remove("$schema")),
        ["workflow: no Description"] = Workflow("intent.json", Valid, w => w.AsObject().Remove("Description")),
        ["rule: Description"] = Rule("intent.json", "intent.demo_request", Valid, r => r["Description"] = "Strongest single buying signal"),
        ["rule: Enabled false"] = Rule("behavior.json", "behavior.webinar_no_show", Valid, r => r["Enabled"] = false),
        ["rule: Enabled true"] = Rule("behavior.json", "behavior.webinar_no_show", Valid, r => r["Enabled"] = true),
        ["props: evidence as an array"] = Props("intent.json", "intent.pricing_deep", Valid, p => p["evidence"] = new JsonArray("pricing_view")),
        ["props: evidence as two types"] = Props("behavior.json", "behavior.webinar_attended", Valid, p => p["evidence"] = new JsonArray("webinar_attended", "ebook_download")),
        ["props: evidence as an empty array"] = Props("fit.json", "fit.target_industry", Valid, p => p["evidence"] = new JsonArray()),
        ["props: decay none"] = Props("intent.json", "intent.demo_request", Valid, p => p["decay"] = "none"),
        ["props: fractional points"] = Props("behavior.json", "behavior.webinar_no_show", Valid, p => p["points"] = 2.5),
        ["props: points at the limit"] = Props("fit.json", "fit.competitor_domain", Valid, p => p["points"] = -1000),
        ["props: window 1"] = Props("intent.json", "intent.demo_request", Valid, p => p["window"] = 1),
        ["props: disqualify false"] = Props("fit.json", "fit.student_academic", Valid, p => p["disqualify"] = false),
        ["props: per topic with max"] = Props("behavior.json", "behavior.ebook_download", Valid, p => { p["per"] = "topic"; p["max"] = 2; }),
        ["props: every placeholder"] = Props("intent.json", "intent.topic_surge", Valid, p => p["reason"] = "{count} signals, {topics}, {points} points, last {age}"),
        ["workflow: unknown top-level property"] = Workflow("fit.json", Invalid, w => w["GlobalParams"] = new JsonArray()),
        ["workflow: WorkflowName in capitals"] = Workflow("fit.json", Invalid, w => w["WorkflowName"] = "Fit"),
        ["workflow: missing WorkflowName"] = Workflow("fit.json", Invalid, w => w.AsObject().Remove("WorkflowName")),
        ["workflow: missing Rules"] = Workflow("behavior.json", Invalid, w => w.AsObject().Remove("Rules")),
        ["workflow: Rules as an object"] = Workflow("behavior.json", Invalid, w => w["Rules"] = new JsonObject()),
        ["rule: Propertes"] = Rule("fit.json", "fit.target_industry", Invalid, r => Rename(r, "Properties", "Propertes")),
        ["rule: RulesEngine's SuccessEvent"] = Rule("fit.json", "fit.target_industry", Invalid, r => r["SuccessEvent"] = "15"),
        ["rule: RulesEngine's ErrorMessage"] = Rule("fit.json", "fit.target_industry", Invalid, r => r["ErrorMessage"] = "no"),
        ["rule: missing RuleName"] = Rule("intent.json", "intent.research_spike", Invalid, r => r.Remove("RuleName")),
        ["rule: missing Expression"] = Rule("intent.json", "intent.research_spike", Invalid, r => r.Remove("Expression")),
        ["rule: missing Properties"] = Rule("intent.json", "intent.research_spike", Invalid, r => r.Remove("Properties")),
        ["rule: empty RuleName"] = Rule("intent.json", "intent.research_spike", Invalid, r => r["RuleName"] = ""),
        ["rule: blank RuleName"] = Rule("intent.json", "intent.research_spike", Invalid, r => r["RuleName"] = "  "),
        ["rule: blank Expression"] = Rule("intent.json", "intent.research_spike", Invalid, r => r["Expression"] = " "),
        ["rule: Expression too long"] = Rule("intent.json", "intent.research_spike", Invalid, r => r["Expression"] = "true" + string.Concat(Enumerable.Repeat(" and true", 222))),
        ["rule: Enabled as a string"] = Rule("intent.json", "intent.research_spike", Invalid, r => r["Enabled"] = "yes"),
        ["rule: Properties as an array"] = Rule("intent.json", "intent.research_spike", Invalid, r => r["Properties"] = new JsonArray()),
        ["props: unknown property"] = Props("intent.json", "intent.roi_calculator", Invalid, p => p["pionts"] = 5),
        ["props: missing points"] = Props("behavior.json", "behavior.ebook_download", Invalid, p => p.Remove("points")),
        ["props: missing reason"] = Props("behavior.json", "behavior.ebook_download", Invalid, p => p.Remove("reason")),
        ["props: points as a string"] = Props("intent.json", "intent.demo_request", Invalid, p => p["points"] = "50"),
        ["props: points 0"] = Props("intent.json", "intent.demo_request", Invalid, p => p["points"] = 0),
        ["props: points 0.0"] = Props("intent.json", "intent.demo_request", Invalid, p => p["points"] = 0.0m),
        ["props: points above 1000"] = Props("intent.json", "intent.demo_request", Invalid, p => p["points"] = 1001),
        ["props: points below -1000"] = Props("fit.json", "fit.competitor_domain", Invalid, p => p["points"] = -1000.5),
        ["props: empty reason"] = Props("intent.json", "intent.demo_request", Invalid, p => p["reason"] = ""),
        ["props: unknown placeholder"] = Props("intent.json", "intent.pricing_deep", Invalid, p => p["reason"] = "Viewed pricing {cnt} times"),
        ["props: evidence as a number"] = Props("intent.json", "intent.demo_request", Invalid, p => p["evidence"] = 5),
        ["props: evidence empty string"] = Props("intent.json", "intent.demo_request", Invalid, p => p["evidence"] = ""),
        ["props: evidence with an empty type"] = Props("intent.json", "intent.demo_request", Invalid, p => p["evidence"] = new JsonArray("demo_request", "")),
        ["props: window 0"] = Props("intent.json", "intent.pricing_deep", Invalid, p => p["window"] = 0),
        ["props: fractional window"] = Props("intent.json", "intent.pricing_deep", Invalid, p => p["window"] = 7.5),
        ["props: window as a string"] = Props("intent.json", "intent.pricing_deep", Invalid, p => p["window"] = "30"),
        ["props: decay as a number"] = Props("intent.json", "intent.demo_request", Invalid, p => p["decay"] = 7),
        ["props: decay without evidence"] = Props("fit.json", "fit.target_industry", Invalid, p => p["decay"] = "none"),
        ["props: decay with empty evidence"] = Props("fit.json", "fit.target_industry", Invalid, p => { p["decay"] = "none"; p["evidence"] = new JsonArray(); }),
        ["props: per not in the enum"] = Props("behavior.json", "behavior.newsletter_open", Invalid, p => p["per"] = "events"),
        ["props: per without max"] = Props("behavior.json", "behavior.newsletter_open", Invalid, p => p.Remove("max")),
        ["props: per without evidence"] = Props("behavior.json", "behavior.newsletter_open", Invalid, p => p.Remove("evidence")),
        ["props: max without per"] = Props("behavior.json", "behavior.newsletter_open", Invalid, p => p.Remove("per")),
        ["props: max 0"] = Props("behavior.json", "behavior.newsletter_open", Invalid, p => p["max"] = 0),
        ["props: disqualify as a string"] = Props("fit.json", "fit.competitor_domain", Invalid, p => p["disqualify"] = "true"),
        ["props: null decay"] = Props("intent.json", "intent.demo_request", Invalid, p => p["decay"] = null),
        ["props: null evidence"] = Props("intent.json", "intent.demo_request", Invalid, p => p["evidence"] = null),
        ["props: null evidence type"] = Props("intent.json", "intent.demo_request", Invalid, p => p["evidence"] = new JsonArray("demo_request", null)),
        ["rule: null Properties"] = Rule("intent.json", "intent.research_spike", Invalid, r => r["Properties"] = null),
        ["rule: null Enabled"] = Rule("intent.json", "intent.research_spike", Invalid, r => r["Enabled"] = null),

        // tiers.json.
        ["tiers: no $schema"] = Workflow("tiers.json", Valid, w => w.AsObject().Remove("$schema")),
        ["tiers: rule Description"] = Rule("tiers.json", "tier.B", Valid, r => r["Description"] = "Worth a personal touch"),
        ["tiers: no kpi"] = Props("tiers.json", "tier.C", Valid, p => p.Remove("kpi")),
        ["tiers: sla in days"] = Props("tiers.json", "tier.B", Valid, p => p["sla"] = "3d"),
        ["tiers: unknown top-level property"] = Workflow("tiers.json", Invalid, w => w["Tiers"] = new JsonArray()),
        ["tiers: WorkflowName of a dimension"] = Workflow("tiers.json", Invalid, w => w["WorkflowName"] = "fit"),
        ["tiers: no rules"] = Workflow("tiers.json", Invalid, w => w["Rules"] = new JsonArray()),
        ["tiers: every rule disabled"] = Workflow("tiers.json", Invalid, w =>
        {
            foreach (var rule in w["Rules"]!.AsArray())
            {
                rule!["Enabled"] = false;
            }
        }),
        ["tiers: unknown rule property"] = Rule("tiers.json", "tier.A", Invalid, r => r["Actions"] = new JsonObject()),
        ["tiers: unknown tier property"] = Props("tiers.json", "tier.A", Invalid, p => p["owner"] = "sdr"),
        ["tiers: scoring properties on a tier rule"] = Props("tiers.json", "tier.A", Invalid, p => p["points"] = 10),
        ["tiers: missing tier"] = Props("tiers.json", "tier.A", Invalid, p => p.Remove("tier")),
        ["tiers: missing sla"] = Props("tiers.json", "tier.A", Invalid, p => p.Remove("sla")),
        ["tiers: missing salesAction"] = Props("tiers.json", "tier.A", Invalid, p => p.Remove("salesAction")),
        ["tiers: missing mql"] = Props("tiers.json", "tier.A", Invalid, p => p.Remove("mql")),
        ["tiers: sla in words"] = Props("tiers.json", "tier.A", Invalid, p => p["sla"] = "15 minutes"),
        ["tiers: sla with a capital unit"] = Props("tiers.json", "tier.A", Invalid, p => p["sla"] = "15M"),
        ["tiers: sla too long to be a time"] = Props("tiers.json", "tier.B", Invalid, p => p["sla"] = "99999999999d"),
        ["tiers: sql as a string"] = Props("tiers.json", "tier.A", Invalid, p => p["sql"] = "true"),
        ["tiers: tier as a number"] = Props("tiers.json", "tier.A", Invalid, p => p["tier"] = 1),
        ["tiers: null kpi"] = Props("tiers.json", "tier.A", Invalid, p => p["kpi"] = null),
    };

    /// <summary>
    /// What only <c>rulescore validate</c> sees: names that must match another file or another
    /// part of the model, sums, order and expressions. The schema passes these (the editor cannot
    /// know) and the loader rejects them; a stronger schema moves a case up to <see cref="Cases"/>.
    /// </summary>
    private static readonly Dictionary<string, Mutation> LoaderOnlyCases = new()
    {
        ["WorkflowName of another file"] = Workflow("fit.json", Invalid, w => w["WorkflowName"] = "intent"),
        ["evidence not in the signal catalogue"] = Props("intent.json", "intent.demo_request", Invalid, p => p["evidence"] = "demo_requested"),
        ["decay profile not defined"] = Props("intent.json", "intent.demo_request", Invalid, p => p["decay"] = "fast"),
        ["dimension decay profile not defined"] = Model(Invalid, m => m["dimensions"]!["intent"]!["decay"] = "fast"),
        ["motion weights not adding up to 100"] = Model(Invalid, m => m["motions"]!["abm"]!["intent"] = 70),
        ["defaultMotion not a motion"] = Model(Invalid, m => m["defaultMotion"] = "outbound"),
        ["decay steps out of order"] = Model(Invalid, m => m["decayProfiles"]!["behavior"]!["steps"]![1]!["upToDays"] = 10),
        ["group named like a signal type"] = Model(Invalid, m => m["signals"]!["roi_calculator"]!["groups"] = new JsonArray("bofu", "pricing_view")),
        ["approval by an unknown role"] = Model(Invalid, m => m["governance"]!["classes"]!["weights"]!["approvals"] = new JsonArray("finance")),
        ["minApprovals above the approvals"] = Model(Invalid, m => Emergency(m)["minApprovals"] = 3),
        ["RuleName used twice"] = Rule("behavior.json", "behavior.usage_limit", Invalid, r => r["RuleName"] = "intent.demo_request"),
        ["Expression typo"] = Rule("intent.json", "intent.trial_signup", Invalid, r => r["Expression"] = "signals.Anyy(\"trial_signup\")"),
        ["Expression reading an unknown list"] = Rule("fit.json", "fit.target_industry", Invalid, r => r["Expression"] = "lists.Contains(\"target_industry\", lead.Industry)"),
        ["Expression reaching for reflection"] = Rule("fit.json", "fit.target_industry", Invalid, r => r["Expression"] = "lead.GetType().Name == \"LeadFacts\""),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    public static TheoryData<string> LoaderOnlyCaseNames => new(LoaderOnlyCases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SchemaAndLoader_GiveTheSameVerdict(string name)
    {
        var mutation = Cases[name];
        var (loaderErrors, schemaProblems) = Check(mutation);

        // First that the case is what it says (else it proves nothing), then that both agree.
        (loaderErrors.Count == 0).ShouldBe(mutation.Valid, $"loader on '{name}':{Environment.NewLine}{string.Join(Environment.NewLine, loaderErrors)}");
        (schemaProblems.Count == 0).ShouldBe(mutation.Valid, $"schema on '{name}' (loader: {string.Join(" | ", loaderErrors)}):{Environment.NewLine}{string.Join(Environment.NewLine, schemaProblems)}");
    }

    [Theory]
    [MemberData(nameof(LoaderOnlyCaseNames))]
    public void CrossReference_IsCaughtByTheLoaderOnly(string name)
    {
        var (loaderErrors, schemaProblems) = Check(LoaderOnlyCases[name]);

        loaderErrors.ShouldNotBeEmpty(name);
        schemaProblems.ShouldBeEmpty($"the schema now catches '{name}': move it to the agreement cases");
    }

    private static (List<string> LoaderErrors, IReadOnlyList<string> SchemaProblems) Check(Mutation mutation)
    {
        var schema = RuleSchemas.Load(RuleSchemas.PathFor(Path.Combine(Repo.Rules, mutation.File))!);
        using var rules = new RulesCopy().EditJson(mutation.File, mutation.Edit);
        if (mutation.Other is { } other)
        {
            rules.EditJson(other.File, other.Edit);
        }

        if (mutation.Delete is { } delete)
        {
            File.Delete(Path.Combine(rules.Directory, delete));
            foreach (var also in mutation.AlsoDelete)
            {
                File.Delete(Path.Combine(rules.Directory, also));
            }
        }

        var loaderErrors = RuleSetLoader.Validate(rules.Directory).Errors.Select(p => p.ToString()).ToList();
        return (loaderErrors, RuleSchemas.Problems(schema, File.ReadAllText(Path.Combine(rules.Directory, mutation.File))));
    }

    /// <summary>An edit to one rules file (and, where the case needs it to stay otherwise valid, to another).</summary>
    private sealed record Mutation(string File, bool Valid, Action<JsonNode> Edit)
    {
        public (string File, Action<JsonNode> Edit)? Other { get; init; }
        public string? Delete { get; init; }
        public string[] AlsoDelete { get; init; } = [];
    }

    private static Mutation Model(bool valid, Action<JsonNode> edit) => new(RuleSetLoader.ModelFile, valid, edit);

    private static Mutation Workflow(string file, bool valid, Action<JsonNode> edit) => new(file, valid, edit);

    private static Mutation Rule(string file, string rule, bool valid, Action<JsonObject> edit) =>
        new(file, valid, w => edit(RulesCopy.Rule(w, rule)));

    private static Mutation Props(string file, string rule, bool valid, Action<JsonObject> edit) =>
        new(file, valid, w => edit(RulesCopy.Rule(w, rule)["Properties"]!.AsObject()));

    private static JsonObject Dimension(decimal cap, string decay) => new() { ["cap"] = cap, ["decay"] = decay };

    private static JsonObject Motion(decimal fit, decimal intent, decimal behavior) => new() { ["fit"] = fit, ["intent"] = intent, ["behavior"] = behavior };

    private static JsonObject Emergency(JsonNode model) => model["governance"]!["classes"]!["emergency"]!.AsObject();

    private static void Rename(JsonObject node, string from, string to)
    {
        node[to] = node[from]!.DeepClone();
        node.Remove(from);
    }

    private static void RemoveRulesReadingLists(JsonNode workflow)
    {
        var rules = workflow["Rules"]!.AsArray();
        foreach (var rule in rules.Where(r => ((string)r!["Expression"]!).Contains("lists.", StringComparison.Ordinal)).ToList())
        {
            rules.Remove(rule);
        }
    }
}
