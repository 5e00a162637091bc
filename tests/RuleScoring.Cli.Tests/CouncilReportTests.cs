using System.Globalization;
using System.Text.Json;

using static RuleScoring.Cli.Tests.ReportCells;

namespace RuleScoring.Cli.Tests;

/// <summary>
/// `rulescore report --html FILE` and `--format json`: the council report holds the numbers the
/// text report prints (one builder computes them), every section renders on a sparse database
/// with its "no data" sentence, values from data come out encoded, and the page loads in a real
/// browser (headless chromium) with no console error.
/// </summary>
public sealed class CouncilReportTests(CouncilReportTests.DemoDatabase demo) : IClassFixture<CouncilReportTests.DemoDatabase>
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>One demo database for the class: 400 leads, a year of history, scored monthly up to the tests' clock.</summary>
    public sealed class DemoDatabase : IAsyncLifetime, IDisposable
    {
        private readonly TempFolder _temp = new();

        public string Db => Path.Combine(_temp.Path, "demo.db");

        public string Folder => _temp.Path;

        public string Text { get; private set; } = "";

        public JsonElement Json { get; private set; }

        public string HtmlFile => Path.Combine(_temp.Path, "council.html");

        public async Task InitializeAsync()
        {
            var (code, _, error) = await CliRun.RunAsync(
                "demo", "--leads", "400", "--snapshot-days", "30", "--as-of", "2026-11-20T12:00:00Z",
                "--rules", Repo.Rules, "--db", Db, "--data", Path.Combine(_temp.Path, "data"));
            code.ShouldBe(0, error);
            var text = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", Db);
            text.ExitCode.ShouldBe(0, text.Error);
            Text = text.Output;
            var json = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", Db, "--format", "json", "--html", HtmlFile);
            json.ExitCode.ShouldBe(0, json.Error);
            Json = JsonDocument.Parse(json.Output).RootElement.Clone();
        }

        public Task DisposeAsync()
        {
            Dispose();
            return Task.CompletedTask;
        }

        public void Dispose() => _temp.Dispose();
    }

    [Fact]
    public void Json_OnTheDemo_HoldsTheNumbersTheTextReportPrints()
    {
        var json = demo.Json;
        var tiers = json.GetProperty("tiers").GetProperty("rows").EnumerateArray().ToList();
        tiers.Count.ShouldBeGreaterThan(1);
        foreach (var t in tiers)
        {
            Row(Section("Tiers now", "Conversion by tier"), t.GetProperty("tier").GetString()!)
                .Take(4).ShouldBe([N(t, "leads"), P(t, "share"), N(t, "mql"), N(t, "sql")]);
        }

        foreach (var (name, title, next) in new[] { ("by_tier", "Conversion by tier", "Conversion by composite band"), ("by_band", "Conversion by composite band", "AUC won vs lost") })
        {
            var rows = json.GetProperty("conversion").GetProperty(name).EnumerateArray().ToList();
            rows.Count.ShouldBeGreaterThan(2);
            foreach (var r in rows)
            {
                Row(Section(title, next), r.GetProperty("group").GetString()!).Take(7).ShouldBe(
                    [N(r, "leads"), N(r, "opportunities"), N(r, "won"), N(r, "lost"), P(r, "win_rate"), P(r, "conversion"), Lift(r.GetProperty("lift"))]);
            }
        }

        var conversion = json.GetProperty("conversion");
        var top = string.Join(", ", conversion.GetProperty("wins_in_top").EnumerateArray()
            .Select(t => $"top {t.GetProperty("top").GetDouble().ToString("P0", C)}: {P(t, "share_of_wins")}"));
        demo.Text.ShouldContain($"AUC won vs lost: {conversion.GetProperty("auc").GetDouble().ToString("0.000", C)}; share of wins held by the {top}");

        var acceptance = json.GetProperty("acceptance").EnumerateArray().ToList();
        acceptance.ShouldNotBeEmpty("the demo imports dispositions");
        foreach (var d in acceptance)
        {
            var row = Row(Section("Sales acceptance by tier", "SLA compliance"), d.GetProperty("tier").GetString()!);
            row.Take(4).ShouldBe([N(d, "accepted"), N(d, "rejected"), P(d, "acceptance_rate"), P(d, "false_positive_rate")]);
            foreach (var reason in d.GetProperty("top_rejection_reasons").EnumerateArray())
            {
                string.Join(' ', row).ShouldContain($"{reason.GetProperty("reason").GetString()} ({N(reason, "count")})");
            }
        }

        var sla = json.GetProperty("sla").EnumerateArray().Single();
        sla.GetProperty("dimension").GetString().ShouldBe("tier");
        sla.GetProperty("rows").GetArrayLength().ShouldBeGreaterThan(0);
        foreach (var s in sla.GetProperty("rows").EnumerateArray())
        {
            Row(Section("SLA compliance", null), s.GetProperty("group").GetString()!).ShouldBe(
                [N(s, "tasks"), N(s, "worked_in_time"), N(s, "worked_late"), N(s, "breached"), N(s, "open_in_time"), P(s, "compliance")]);
        }
    }

    [Fact]
    public void Json_OnTheDemo_DriftAddsUp()
    {
        var drift = demo.Json.GetProperty("drift");
        demo.Json.GetProperty("this_month").GetString().ShouldBe("2026-11", "the tests' clock is 2026-11-20");
        demo.Json.GetProperty("last_month").GetString().ShouldBe("2026-10");
        var distribution = drift.GetProperty("distribution");
        var bins = distribution.GetProperty("bins").EnumerateArray().ToList();
        bins.Count.ShouldBe(10);
        bins.Sum(b => b.GetProperty("this_month").GetInt64()).ShouldBe(distribution.GetProperty("this_month_scored").GetInt64());
        bins.Sum(b => b.GetProperty("last_month").GetInt64()).ShouldBe(distribution.GetProperty("last_month_scored").GetInt64());
        distribution.GetProperty("this_month_scored").GetInt64().ShouldBe(400);

        // Cohorts split the scored leads and their closed deals, nothing lost or counted twice.
        var cohorts = drift.GetProperty("cohorts").EnumerateArray().ToList();
        var all = demo.Json.GetProperty("conversion").GetProperty("by_tier").EnumerateArray().Last();
        cohorts.Sum(c => c.GetProperty("leads").GetInt32()).ShouldBe(all.GetProperty("leads").GetInt32());
        cohorts.Sum(c => c.GetProperty("won").GetInt32()).ShouldBe(all.GetProperty("won").GetInt32());
        cohorts.Select(c => c.GetProperty("month").GetString()).ShouldBeInOrder(SortDirection.Ascending, StringComparer.Ordinal);
        cohorts.Where(c => c.GetProperty("won").GetInt32() + c.GetProperty("lost").GetInt32() < 30).ShouldAllBe(c => c.GetProperty("small_sample").GetBoolean());

        drift.GetProperty("rules").GetArrayLength().ShouldBeInRange(1, 10);
        var signals = drift.GetProperty("signals");
        signals.GetProperty("last_month_days").GetDouble().ShouldBe(31);
        signals.GetProperty("this_month_days").GetDouble().ShouldBe(19.5);
        signals.GetProperty("rows").GetArrayLength().ShouldBeGreaterThan(0);

        // The demo's rescore stored the rules version today: it went live in the period, with its changelog entry.
        var version = drift.GetProperty("versions").EnumerateArray().Single();
        version.GetProperty("version").GetString().ShouldBe(demo.Json.GetProperty("rules").GetProperty("version").GetString());
        version.GetProperty("changelog").EnumerateArray().Select(l => l.GetString()).ShouldContain(l => l!.StartsWith("Approved-by: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Html_OnTheDemo_IsSelfContainedAndEveryChartHasItsTableAndTitle()
    {
        var html = File.ReadAllText(demo.HtmlFile);

        html.ShouldNotContain("<script", Case.Insensitive);
        html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal).ShouldNotContain("http", Case.Insensitive, "nothing fetched from elsewhere (the SVG namespace aside)");
        html.ShouldNotContain("src=", Case.Insensitive);
        var charts = Count(html, "<svg ");
        charts.ShouldBeGreaterThanOrEqualTo(10);
        Count(html, "role=\"img\" aria-label=\"").ShouldBe(charts);
        Count(html, "<div class=\"pair\"><figure><svg ").ShouldBe(charts, "every chart sits beside its table");
        foreach (var id in new[] { "tiers", "conversion", "acceptance", "sla", "funnel", "drift" })
        {
            html.ShouldContain($"<a href=\"#{id}\">");
            html.ShouldContain($"<h2 id=\"{id}\">");
        }

        var tierA = demo.Json.GetProperty("tiers").GetProperty("rows")[0];
        html.ShouldContain($"<th scope=\"row\">{tierA.GetProperty("tier").GetString()}</th><td>{N(tierA, "leads")}</td><td>{P(tierA, "share")}</td>");
        html.ShouldContain($"<td>{demo.Json.GetProperty("conversion").GetProperty("auc").GetDouble().ToString("0.000", C)}</td>");
        var liveEntry = demo.Json.GetProperty("drift").GetProperty("versions")[0].GetProperty("changelog")[0].GetString()!;
        html.ShouldContain(System.Net.WebUtility.HtmlEncode(liveEntry), customMessage: "the changelog line of the version that went live");
    }

    public static TheoryData<string> Kinds() =>
    [
        SparseDatabase.Full, SparseDatabase.NoDeals, SparseDatabase.NoDispositions, SparseDatabase.NoSignals,
        SparseDatabase.OneLead, SparseDatabase.NoScores, SparseDatabase.NoScoreBeforeDeal, SparseDatabase.Empty,
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Council_SparseDatabase_EverySectionRendersWithItsNoDataSentence(string kind)
    {
        using var dir = new TempFolder();
        var db = await SparseDatabase.BuildAsync(dir, kind);
        var file = Path.Combine(dir.Path, "council.html");

        var (code, output, error) = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db, "--html", file, "--format", "json");

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        var json = JsonDocument.Parse(output).RootElement;
        var html = File.ReadAllText(file);
        foreach (var id in new[] { "tiers", "conversion", "acceptance", "sla", "funnel", "drift", "drift-cohorts", "drift-distribution", "drift-rules", "drift-signals", "drift-versions" })
        {
            html.ShouldContain($" id=\"{id}\">");
        }

        var noScores = kind is SparseDatabase.NoScores or SparseDatabase.Empty;
        Sentence(html, noScores, $"No scores under these rules yet ({(kind == SparseDatabase.Empty ? 0 : 4)} lead(s) stored): run &#39;rulescore rescore&#39;.");
        Sentence(html, kind is SparseDatabase.NoDispositions or SparseDatabase.Empty, "No dispositions recorded (&#39;rulescore import dispositions FILE&#39;).");
        Sentence(html, kind is SparseDatabase.NoSignals or SparseDatabase.NoScores or SparseDatabase.Empty, "No SLA tasks yet.");
        Sentence(html, noScores, "No stage transitions stored yet: run &#39;rulescore rescore&#39;.");
        Sentence(html, noScores, "No scores stored.");
        Sentence(html, kind is SparseDatabase.NoSignals or SparseDatabase.Empty, "No signals last month or this month.");
        Sentence(html, noScores, "No rule version went live since the start of 2026-10.");
        Sentence(html, kind is SparseDatabase.NoDeals or SparseDatabase.NoScoreBeforeDeal, "No closed deals in any cohort: no AUC or lift to show.");
        // Without a score the dispositions still count, under tier "-".
        json.GetProperty("acceptance").GetArrayLength().ShouldBe(kind is SparseDatabase.NoDispositions or SparseDatabase.Empty ? 0 : kind is SparseDatabase.OneLead or SparseDatabase.NoScores ? 1 : 2);
        json.GetProperty("drift").GetProperty("distribution").GetProperty("this_month_scored").GetInt64().ShouldBe(noScores ? 0 : kind == SparseDatabase.OneLead ? 1 : 4);
        if (!noScores)
        {
            html.ShouldContain("small sample", customMessage: "four leads are a small sample wherever they are counted");
        }
    }

    [Fact]
    public async Task Council_HostileValuesFromDataAndRules_AreEncodedInTheHtmlAndKeptAsTextInTheJson()
    {
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "hostile.db");
        const string Reason = "<script>alert(\"x\")</script> 'no budget'";
        const string Rule = "behavior.<i onmouseover=alert(1)>webinar</i>";
        using var rules = new RulesCopy().Edit("behavior.json", t => t.Replace("\"behavior.webinar_attended\"", $"\"{Rule}\"", StringComparison.Ordinal));
        await Import(dir, db, "leads", "lead_id,email,company,employees,industry,country,title,created_at\nL-1,a@northwind.com,\"<img src=x onerror=alert(1)>\",300,Software,United States,VP Sales,2026-09-01T09:00:00Z\n");
        await Import(dir, db, "signals", "lead_id,type,occurred_at\nL-1,webinar_attended,2026-10-01T10:00:00Z\nL-1,\"<b>odd</b>\",2026-10-02T10:00:00Z\n");
        await Import(dir, db, "dispositions", $"lead_id,status,at,reason\nL-1,rejected,2026-10-05T10:00:00Z,\"{Reason.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");
        var rescore = await CliRun.RunAsync("rescore", "--db", db, "--rules", rules.Directory, "--as-of", "2026-10-03T12:00:00Z");
        rescore.ExitCode.ShouldBe(0, rescore.Error);
        var file = Path.Combine(dir.Path, "council.html");

        var (code, output, error) = await CliRun.RunAsync("report", "--rules", rules.Directory, "--db", db, "--html", file, "--format", "json");

        code.ShouldBe(0, error);
        var html = File.ReadAllText(file);
        html.ShouldNotContain("<i ", Case.Insensitive);
        html.ShouldContain(System.Net.WebUtility.HtmlEncode(Rule));
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<b>odd", Case.Insensitive);
        html.ShouldContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;no budget&#39; (1)");
        var json = JsonDocument.Parse(output).RootElement;
        json.GetProperty("acceptance")[0].GetProperty("top_rejection_reasons")[0].GetProperty("reason").GetString().ShouldBe(Reason);
        json.GetProperty("drift").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()).ShouldContain(Rule);
        if (json.GetProperty("drift").GetProperty("signals").GetProperty("rows").EnumerateArray().Any(r => r.GetProperty("type").GetString()!.Contains("<b>", StringComparison.Ordinal)))
        {
            html.ShouldContain("&lt;b&gt;odd&lt;/b&gt;");
        }

        if (HeadlessChromium.Missing is null)
        {
            var (dom, console) = HeadlessChromium.Load(file);
            console.ShouldBeEmpty();
            dom.ShouldNotContain("<script", Case.Insensitive, "the browser built no script element from the data");
            dom.ShouldNotContain("<i ", Case.Insensitive, "nor an element from a rule name");
            dom.ShouldContain("&lt;script&gt;alert(\"x\")&lt;/script&gt; 'no budget' (1)");
        }
    }

    [Fact]
    public async Task Council_DatesOutOfOrder_RendersAndCountsOnlyWhatHappenedByNow()
    {
        // A deal won before its lead was created, a disposition before any score, a signal dated
        // after the report's clock (2026-11-20), a lead without created_at: all legal in a CRM export.
        using var dir = new TempFolder();
        var db = Path.Combine(dir.Path, "odd.db");
        await Import(dir, db, "leads", "lead_id,email,company,employees,industry,country,title,created_at\nL-1,a@northwind.com,Northwind,300,Software,United States,VP Sales,2026-11-15T09:00:00Z\nL-2,b@contoso.com,Contoso,50,Retail,Canada,Analyst,\n");
        await Import(dir, db, "signals", "lead_id,type,occurred_at\nL-1,demo_request,2026-11-16T10:00:00Z\nL-1,pricing_view,2027-01-02T10:00:00Z\nL-2,blog_view,2026-10-03T10:00:00Z\n");
        await Import(dir, db, "deals", "lead_id,opportunity_id,outcome,created_at,closed_at\nL-1,O-1,won,2026-09-01T10:00:00Z,2026-09-10T10:00:00Z\nL-2,O-2,lost,2026-11-10T10:00:00Z,2026-11-12T10:00:00Z\n");
        await Import(dir, db, "dispositions", "lead_id,status,at,reason\nL-2,rejected,2026-08-01T10:00:00Z,No budget\n");
        (await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", "2026-11-17T12:00:00Z")).ExitCode.ShouldBe(0);
        var file = Path.Combine(dir.Path, "council.html");

        var (code, output, error) = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", db, "--html", file, "--format", "json");

        code.ShouldBe(0, error);
        var signals = JsonDocument.Parse(output).RootElement.GetProperty("drift").GetProperty("signals").GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("type").GetString()!, r => (r.GetProperty("last_month").GetInt64(), r.GetProperty("this_month").GetInt64()));
        signals.ShouldNotContainKey("pricing_view", "it happens after the report's now");
        signals["demo_request"].ShouldBe((0L, 1L));
        signals["blog_view"].ShouldBe((1L, 0L));
        File.ReadAllText(file).ShouldContain("<h3 id=\"drift-versions\">");
    }

    [SkippableFact]
    public void Browser_CouncilReportOfTheDemo_LoadsWithTheNumbersAndNoConsoleError()
    {
        Skip.If(HeadlessChromium.Missing is not null, HeadlessChromium.Missing);

        var (dom, console) = HeadlessChromium.Load(demo.HtmlFile);

        console.ShouldBeEmpty();
        dom.ShouldStartWith("<!DOCTYPE html>");
        dom.ShouldContain("<h3 id=\"drift-versions\">", customMessage: "the browser read the page to its last section");
        foreach (var t in demo.Json.GetProperty("tiers").GetProperty("rows").EnumerateArray())
        {
            dom.ShouldContain($"<th scope=\"row\">{t.GetProperty("tier").GetString()}</th><td>{N(t, "leads")}</td>");
        }

        foreach (var d in demo.Json.GetProperty("acceptance").EnumerateArray())
        {
            dom.ShouldContain($"<th scope=\"row\">{d.GetProperty("tier").GetString()}</th><td>{N(d, "accepted")}</td><td>{N(d, "rejected")}</td><td>{P(d, "acceptance_rate")}</td>");
        }

        System.Text.RegularExpressions.Regex.Count(dom, "<svg [^>]*role=\"img\" aria-label=\"[^\"]+\"[^>]*><title>[^<]+</title>")
            .ShouldBe(Count(dom, "<svg "), "each chart has a title and a label for a screen reader");
        var png = Path.Combine(demo.Folder, "council.png");
        HeadlessChromium.Screenshot(demo.HtmlFile, png).ShouldBeEmpty();
        new FileInfo(png).Length.ShouldBeGreaterThan(50_000, "a blank page compresses to a few KB; the charts and tables do not");
    }

    [SkippableFact]
    public void Browser_APageWithAFailingScript_IsSeenFailing()
    {
        // The harness must see what it is there to catch, or an empty console list proves nothing.
        Skip.If(HeadlessChromium.Missing is not null, HeadlessChromium.Missing);
        using var dir = new TempFolder();
        var page = dir.Write("bad.html", "<!DOCTYPE html><html><body><p>x</p><script>notDefined();</script></body></html>");

        var (_, console) = HeadlessChromium.Load(page);

        console.ShouldContain(l => l.Contains("Uncaught ReferenceError: notDefined is not defined", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_JsonlOrCouncilWithFunnel_ExitsTwoSayingWhy()
    {
        var jsonl = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", demo.Db, "--format", "jsonl");
        jsonl.ExitCode.ShouldBe(2);
        jsonl.Error.ShouldContain("use --format json");

        var both = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", demo.Db, "--funnel", "--format", "json");
        both.ExitCode.ShouldBe(2);
        both.Error.ShouldContain("--funnel is a text report of its own");

        var nowhere = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", demo.Db, "--html", Path.Combine(demo.Folder, "no-such-folder", "x.html"));
        nowhere.ExitCode.ShouldBe(2);
        nowhere.Error.ShouldContain("--html ");
        nowhere.Error.ShouldContain("x.html: cannot write the report");
    }

    private static async Task Import(TempFolder dir, string db, string kind, string csv)
    {
        var (code, _, error) = await CliRun.RunAsync("import", kind, dir.Write(kind + ".csv", csv), "--db", db);
        code.ShouldBe(0, error);
    }

    private static void Sentence(string html, bool expected, string sentence) =>
        Count(html, $"<p class=\"empty\">{sentence}</p>").ShouldBe(expected ? 1 : 0, sentence);

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The text report's lines from the heading starting with <paramref name="from"/> up to the one starting with <paramref name="to"/>.</summary>
    private string[] Section(string from, string? to) => demo.Text.Split('\n')
        .SkipWhile(l => !l.StartsWith(from, StringComparison.Ordinal)).Skip(1)
        .TakeWhile(l => to is null || !l.StartsWith(to, StringComparison.Ordinal)).ToArray();

    /// <summary>The cells after the first of the table row whose first cell is <paramref name="first"/>.</summary>
    private static string[] Row(string[] section, string first)
    {
        var line = section.Single(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } cells && cells[0] == first);
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
    }

    private static string Lift(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble().ToString("0.00x", C) : "-";
}
