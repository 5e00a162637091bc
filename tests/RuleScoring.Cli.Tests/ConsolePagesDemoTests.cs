using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using RuleScoring.Worker;

using static RuleScoring.Cli.Tests.ReportCells;

namespace RuleScoring.Cli.Tests;

/// <summary>
/// The worker's console on the demo database, as a person sees it: headless chromium loads every
/// page with no console message, the pages meet the accessibility basics, and the overview, queue
/// and council pages hold the numbers `rulescore report` prints for the same database.
/// </summary>
public sealed partial class ConsolePagesDemoTests(ConsolePagesDemoTests.DemoWorker demo) : IClassFixture<ConsolePagesDemoTests.DemoWorker>
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The demo (400 leads, a year scored monthly up to the tests' clock), a worker serving it on loopback, and the reports printed after its first tick.</summary>
    public sealed class DemoWorker : IAsyncLifetime, IDisposable
    {
        private readonly TempFolder _temp = new();
        private WebApplication? _app;

        public string Db => Path.Combine(_temp.Path, "demo.db");

        public string Folder => _temp.Path;

        public Uri Base { get; private set; } = new("http://127.0.0.1/");

        public string Text { get; private set; } = "";

        public JsonElement Json { get; private set; }

        public string TopLead { get; private set; } = "";

        public string TopAccount { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var (code, output, error) = await CliRun.RunAsync(
                "demo", "--leads", "400", "--snapshot-days", "30", "--as-of", "2026-11-20T12:00:00Z",
                "--rules", Repo.Rules, "--db", Db, "--data", Path.Combine(_temp.Path, "data"));
            code.ShouldBe(0, error);
            TopLead = Regex.Match(output, @"rulescore explain (\S+) --db").Groups[1].Value;
            TopAccount = Regex.Match(output, @"explain --account (\S+) --db").Groups[1].Value;
            _app = WorkerHost.Build(o =>
            {
                o.Database = Db;
                o.Rules = Repo.Rules;
                o.Port = 0;
                o.LogDirectory = Path.Combine(_temp.Path, "logs");
            }, FixedClock.Create());
            await _app.StartAsync();
            Base = new Uri(WorkerHost.ListeningOn(_app)[0] + "/");
            using var http = new HttpClient { BaseAddress = Base, Timeout = TimeSpan.FromSeconds(30) };
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            // /health answers 503 (degraded) until the first tick: read its body either way.
            while (JsonDocument.Parse(await (await http.GetAsync(new Uri("health", UriKind.Relative))).Content.ReadAsStringAsync()).RootElement.GetProperty("ticks").GetInt64() < 1)
            {
                await Task.Delay(50, patience.Token);
            }

            // After the worker's first tick: both read the database as the pages do.
            var text = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", Db);
            text.ExitCode.ShouldBe(0, text.Error);
            Text = text.Output;
            var json = await CliRun.RunAsync("report", "--rules", Repo.Rules, "--db", Db, "--format", "json");
            json.ExitCode.ShouldBe(0, json.Error);
            Json = JsonDocument.Parse(json.Output).RootElement.Clone();
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }

            Dispose();
        }

        public void Dispose() => _temp.Dispose();

        public string Url(string path) => new Uri(Base, path.TrimStart('/')).AbsoluteUri;
    }

    [SkippableFact]
    public void Overview_OnTheDemo_HoldsTheTiersAndSlaTheReportPrints()
    {
        var dom = Load("/console");

        var tiers = Rows(dom, "Leads per tier now");
        var reported = demo.Json.GetProperty("tiers").GetProperty("rows").EnumerateArray().ToList();
        tiers.Keys.ShouldBe(reported.Select(t => t.GetProperty("tier").GetString()!), ignoreOrder: false);
        foreach (var t in reported)
        {
            var tier = t.GetProperty("tier").GetString()!;
            tiers[tier].ShouldBe([N(t, "leads"), P(t, "share"), N(t, "mql"), N(t, "sql")]);
            TextRow("Tiers now", "Conversion by tier", tier).Take(4).ShouldBe(tiers[tier], "the text report's line");
        }

        var sla = Rows(dom, "SLA compliance by tier");
        var slaRows = demo.Json.GetProperty("sla").EnumerateArray().Single().GetProperty("rows").EnumerateArray().ToList();
        slaRows.ShouldNotBeEmpty("the demo opens SLA tasks");
        foreach (var s in slaRows)
        {
            var tier = s.GetProperty("group").GetString()!;
            sla[tier].ShouldBe([N(s, "tasks"), N(s, "worked_in_time"), N(s, "worked_late"), N(s, "breached"), N(s, "open_in_time"), P(s, "compliance")]);
            TextRow("SLA compliance", "Speed to lead", tier).ShouldBe(sla[tier], "the text report's line");
        }

        // The monitor ran at the report's clock: every open task is one still in time.
        var open = slaRows.Sum(s => s.GetProperty("open_in_time").GetInt64());
        dom.ShouldContain($"<dt>open now</dt><dd>{open.ToString("N0", C)}</dd>");
        dom.ShouldContain("<dt>active</dt><dd>revenue-team-default");
    }

    [SkippableFact]
    public void Queue_OnTheDemo_ListsEveryTierAAndBLeadTheReportCounts()
    {
        var dom = Load("/console/queue");

        var summary = Rows(dom, "Leads per routed tier now");
        var reported = demo.Json.GetProperty("tiers").GetProperty("rows").EnumerateArray()
            .ToDictionary(t => t.GetProperty("tier").GetString()!, t => t.GetProperty("leads").GetInt64());
        summary.Keys.ShouldBe(["A", "B"]);
        var listed = 0L;
        foreach (var tier in new[] { "A", "B" })
        {
            summary[tier][0].ShouldBe(reported[tier].ToString("N0", C), $"tier {tier} leads");
            TextRow("Tiers now", "Conversion by tier", tier)[0].ShouldBe(summary[tier][0]);
            listed += reported[tier];
        }

        // Each lead once, linked to its page, with an SLA cell, a why-now line and a play.
        var links = LeadLinks().Matches(dom).Select(m => m.Groups[1].Value).ToList();
        links.Count.ShouldBe((int)listed);
        links.Distinct().Count().ShouldBe(links.Count);
        dom.ShouldContain("overdue by ");
        Regex.Count(dom, "<h2 id=\"queue-").ShouldBeGreaterThan(1);
    }

    [SkippableFact]
    public void Council_OnTheDemo_IsTheReportsCouncilPageInsideTheConsole()
    {
        var dom = Load("/console/council");

        dom.ShouldContain("<nav class=\"console\" aria-label=\"Console\">");
        dom.ShouldContain("<h1>Scoring council report: revenue-team-default");
        var tiers = Rows(dom, "Leads per tier now");
        foreach (var t in demo.Json.GetProperty("tiers").GetProperty("rows").EnumerateArray())
        {
            tiers[t.GetProperty("tier").GetString()!].ShouldBe([N(t, "leads"), P(t, "share"), N(t, "mql"), N(t, "sql")]);
        }
    }

    [SkippableTheory]
    [InlineData("/console")]
    [InlineData("/console/queue")]
    [InlineData("/console/council")]
    [InlineData("lead")]
    [InlineData("account")]
    public void Page_OnTheDemo_LoadsWithoutConsoleMessages_AndMeetsTheAccessibilityBasics(string page)
    {
        var path = page switch
        {
            "lead" => "/console/leads/" + demo.TopLead,
            "account" => "/console/accounts/" + demo.TopAccount,
            _ => page,
        };
        var dom = Load(path);
        var png = Path.Combine(demo.Folder, page.Trim('/').Replace('/', '-') + ".png");
        HeadlessChromium.Screenshot(demo.Url(path), png, 1280, 1600).ShouldBeEmpty();

        new FileInfo(png).Length.ShouldBeGreaterThan(10_000, "a screenshot of a rendered page");
        Regex.Count(dom, "<h1[ >]").ShouldBe(1);
        dom.ShouldContain("<main>");
        Regex.Count(dom, "<th(?=[ >])(?![^>]*scope=\")").ShouldBe(0, "every table header has a scope");
        Regex.Count(dom, "<svg(?![^>]*aria-label=\")").ShouldBe(0, "every chart has an aria-label");
        Regex.Count(dom, "<a(?![^>]*href=\")").ShouldBe(0, "every link is keyboard-reachable (it has an address)");
        Regex.Count(dom, "<(script|form|input|button)[ >]").ShouldBe(0, "read-only: no script, no form");
        if (page == "lead")
        {
            dom.ShouldContain($"<h1>Lead {demo.TopLead}</h1>");
            Regex.Count(dom, "<svg").ShouldBe(1, "the history chart");
            dom.ShouldContain($"<a href=\"/console/accounts/");
        }

        if (page == "account")
        {
            dom.ShouldContain("<dt>coverage</dt><dd>3 of 3");
            LeadLinks().Count(dom).ShouldBeGreaterThan(1, "its contacts link to their pages");
        }
    }

    [SkippableFact]
    public async Task Lead_OnTheDemo_HoldsTheCardAndHistoryExplainPrints()
    {
        var explain = await CliRun.RunAsync("explain", demo.TopLead, "--db", demo.Db, "--format", "json");
        explain.ExitCode.ShouldBe(0, explain.Error);
        var json = JsonDocument.Parse(explain.Output).RootElement;
        var current = json.GetProperty("current");

        var dom = Load("/console/leads/" + demo.TopLead);

        dom.ShouldContain($"<dt>tier</dt><dd>{current.GetProperty("tier").GetProperty("tier").GetString()}</dd>");
        dom.ShouldContain($"<dt>composite</dt><dd>{current.GetProperty("composite").GetDecimal().ToString("0.0", C)} ({current.GetProperty("motion").GetString()})</dd>");
        var history = json.GetProperty("history").EnumerateArray().TakeLast(30).ToList();
        var rows = Rows(dom, "Composite score");
        rows.Count.ShouldBe(history.Count);
        rows.Values.Select(r => r[1]).ShouldBe(history.Select(h => h.GetProperty("composite").GetDecimal().ToString("0.0", C)));
        Regex.Count(dom, "<rect [^>]*><title>").ShouldBe(history.Count, "a bar per score, each with its value as a title");
    }

    [Fact]
    public async Task UnknownLeadAndAccount_OnTheDemo_Answer404PagesThatSaySo()
    {
        using var http = new HttpClient { BaseAddress = demo.Base };

        using var lead = await http.GetAsync(new Uri("console/leads/L-999999", UriKind.Relative));
        using var account = await http.GetAsync(new Uri("console/accounts/no-such.example", UriKind.Relative));

        lead.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await lead.Content.ReadAsStringAsync()).ShouldContain("No lead &#39;L-999999&#39; is stored in this database.");
        account.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await account.Content.ReadAsStringAsync()).ShouldContain("No scored account &#39;no-such.example&#39;");
    }

    private string Load(string path)
    {
        Skip.If(HeadlessChromium.Missing is not null, HeadlessChromium.Missing);
        var (dom, console) = HeadlessChromium.Load(demo.Url(path));
        console.ShouldBeEmpty(path);
        return dom;
    }

    /// <summary>The table captioned <paramref name="caption"/>...: each row's header and its cells (tags stripped, entities decoded).</summary>
    private static Dictionary<string, string[]> Rows(string dom, string caption)
    {
        var table = Regex.Match(dom, $"<table><caption>{Regex.Escape(caption)}.*?</table>", RegexOptions.Singleline);
        table.Success.ShouldBeTrue($"a table captioned '{caption}'");
        return Regex.Matches(table.Value, "<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", RegexOptions.Singleline)
            .ToDictionary(m => Cell(m.Groups[1].Value), m => Regex.Matches(m.Groups[2].Value, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline).Select(c => Cell(c.Groups[1].Value)).ToArray());
    }

    private static string Cell(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", ""));

    /// <summary>The cells after the first of the text report's row for <paramref name="first"/>, between two section titles.</summary>
    private string[] TextRow(string from, string to, string first) => demo.Text.Split('\n')
        .SkipWhile(l => !l.StartsWith(from, StringComparison.Ordinal)).Skip(1)
        .TakeWhile(l => !l.StartsWith(to, StringComparison.Ordinal))
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Single(cells => cells.Length > 0 && cells[0] == first)
        .Skip(1).Where(c => !c.Contains('█', StringComparison.Ordinal)).ToArray();

    [GeneratedRegex("<a href=\"/console/leads/([^\"]+)\">")]
    private static partial Regex LeadLinks();
}
