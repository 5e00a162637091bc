using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Text.RegularExpressions;
using RuleScoring.Core.Leads;
using RuleScoring.Worker.Pages;
using RuleScoring.Worker.Tests.Support;

namespace RuleScoring.Worker.Tests;

/// <summary>
/// The console's pages on a real worker: an empty database renders every page with what is empty,
/// values from data are encoded (no script runs in a real browser), the login keeps the key out
/// of addresses and cookies, and the queue's SLA clock is the worker's.
/// </summary>
public sealed partial class ConsolePagesTests : IDisposable
{
    private const string Hostile = "<script>alert(1)</script>\"'&";
    private const string HostileId = "L-<img src=x onerror=alert(2)>\"'&";
    private const string Key = "console-test-key-0123456789";
    private readonly WorkerFixture _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task Pages_EmptyDatabase_EachRendersAndSaysWhatIsEmpty()
    {
        await using var worker = await RunningWorker.StartAsync(_w);

        var overview = await Page(worker.Http, "/console");
        var queue = await Page(worker.Http, "/console/queue");
        var council = await Page(worker.Http, "/console/council");
        var (lead, leadStatus) = await Get(worker.Http, "/console/leads/L-404");
        var (account, accountStatus) = await Get(worker.Http, "/console/accounts/nowhere.example");

        overview.ShouldContain("No scores under these rules yet (0 lead(s) stored)");
        overview.ShouldContain("No SLA tasks yet");
        overview.ShouldContain("No rules version was refused since the worker started.");
        queue.ShouldContain("No tier A or B leads are routed yet.");
        council.ShouldContain("No scores under these rules yet");
        leadStatus.ShouldBe(HttpStatusCode.NotFound);
        lead.ShouldContain("No lead &#39;L-404&#39; is stored");
        accountStatus.ShouldBe(HttpStatusCode.NotFound);
        account.ShouldContain("No scored account &#39;nowhere.example&#39;");
    }

    [SkippableFact]
    public async Task Pages_HostileValuesFromData_AreEncodedAndNoScriptRuns()
    {
        StoreTierALead(HostileId, Hostile);
        await using var worker = await RunningWorker.StartAsync(_w);
        var account = _w.Db.Accounts.KeyOf(HostileId).ShouldNotBeNull();

        var leadPath = "/console/leads/" + Uri.EscapeDataString(HostileId);
        var accountPath = "/console/accounts/" + Uri.EscapeDataString(account);
        foreach (var path in new[] { "/console/queue", leadPath, accountPath })
        {
            var html = await Page(worker.Http, path);
            html.ShouldNotContain(Hostile);
            html.ShouldNotContain("<img src=x", Case.Insensitive);
            html.ShouldNotContain("<script", Case.Insensitive);
            html.ShouldContain("L-&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;");
        }

        (await Page(worker.Http, leadPath)).ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;");
        Skip.If(HeadlessChromium.Missing is not null, HeadlessChromium.Missing);
        foreach (var path in new[] { "/console/queue", leadPath, accountPath })
        {
            var (dom, console) = HeadlessChromium.Load(worker.Http.BaseAddress + path.TrimStart('/'));
            console.ShouldBeEmpty($"{path}: a script ran or the page logged");
            dom.ShouldNotContain("<script", Case.Insensitive);
            dom.ShouldNotContain("<img", Case.Insensitive);
            dom.ShouldContain("<h1>");
        }
    }

    [Fact]
    public async Task Queue_SlaTimeLeft_IsTheStoredDueTimeOnTheWorkersClock_OverdueOnceItPasses()
    {
        StoreTierALead("L-7001", "Acme Logistics");
        await using var worker = await RunningWorker.StartAsync(_w);
        var task = _w.Db.Sla.ForLead("L-7001").ShouldHaveSingleItem();
        var now = _w.Clock.GetUtcNow();

        var before = await Page(worker.Http, "/console/queue");
        _w.Clock.Advance(task.DueAt - now + TimeSpan.FromMinutes(90));
        var after = await Page(worker.Http, "/console/queue");

        before.ShouldContain($"{ConsoleLayout.Span(task.DueAt - now)} left (due {ConsoleLayout.Time(task.DueAt)})");
        after.ShouldContain($"overdue by 1 h 30 min (due {ConsoleLayout.Time(task.DueAt)})");
        Regex.Count(before, "<a href=\"/console/leads/L-7001\">L-7001</a>").ShouldBe(1);
    }

    [Fact]
    public async Task Pages_WithKey_AskForTheLoginOnce_TheCookieNeverHoldsTheKey_AndTheApiStillWantsTheHeader()
    {
        StoreTierALead("L-7001", "Acme Logistics");
        await using var worker = await RunningWorker.StartAsync(_w, apiKey: Key);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = worker.Http.BaseAddress };

        var (form, formStatus) = await Get(http, "/console/queue");
        var (_, queryStatus) = await Get(http, $"/console/queue?key={Key}&api_key={Key}");
        using var wrong = await Login(http, "not-the-key", "/console/queue");
        using var right = await Login(http, Key, "/console/queue");
        using var offSite = await Login(http, Key, "//evil.example/console");

        formStatus.ShouldBe(HttpStatusCode.Unauthorized);
        form.ShouldContain("<form method=\"post\" action=\"/console/login\">");
        form.ShouldContain("value=\"/console/queue\"");
        queryStatus.ShouldBe(HttpStatusCode.Unauthorized, "a key in the address is never read");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("That is not the worker&#39;s API key.");
        wrong.Headers.Contains("Set-Cookie").ShouldBeFalse();
        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        right.Headers.Location!.OriginalString.ShouldBe("/console/queue");
        offSite.Headers.Location!.OriginalString.ShouldBe("/console");
        var setCookie = right.Headers.GetValues("Set-Cookie").ShouldHaveSingleItem();
        setCookie.ShouldStartWith(ConsoleAuth.Cookie + "=");
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=strict", Case.Insensitive);
        setCookie.ShouldContain("path=/console", Case.Insensitive);
        setCookie.ShouldNotContain("secure", Case.Insensitive, "plain http on loopback");
        setCookie.ShouldNotContain(Key);
        var cookie = setCookie.Split(';')[0];

        (await Get(http, "/console/queue", cookie)).Status.ShouldBe(HttpStatusCode.OK);
        (await Get(http, "/console/leads/L-7001", cookie)).Status.ShouldBe(HttpStatusCode.OK);
        (await Get(http, "/leads/L-7001", cookie)).Status.ShouldBe(HttpStatusCode.Unauthorized, "the JSON API keeps its header");
        (await Get(http, "/console", cookie[..^2] + (cookie[^2] == 'A' ? "BB" : "AA"))).Status.ShouldBe(HttpStatusCode.Unauthorized, "a changed cookie");
        (await Get(http, "/console", $"{ConsoleAuth.Cookie}={ConsoleAuth.Token("another-key", _w.Clock.GetUtcNow())}")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        _w.Clock.Advance(ConsoleAuth.Lifetime + TimeSpan.FromMinutes(1));
        (await Get(http, "/console", cookie)).Status.ShouldBe(HttpStatusCode.Unauthorized, "a login lasts twelve hours");
    }

    [Fact]
    public async Task Login_OverHttps_SetsASecureCookie()
    {
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(_w.Clock)
            .AddSingleton(Options.Create(new WorkerOptions { ApiKey = Key })).BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Scheme = "https";
        http.Request.Method = "POST";
        http.Request.ContentType = "application/x-www-form-urlencoded";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes($"key={Key}&next=%2Fconsole%2Fqueue"));

        await ConsoleAuth.Login(http.Request);

        var cookie = http.Response.Headers.SetCookie.ToString();
        cookie.ShouldContain("secure", Case.Insensitive);
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldNotContain(Key);
        ConsoleAuth.IsSignedIn(new DefaultHttpContext { Request = { Headers = { Cookie = cookie.Split(';')[0] } } }.Request, Key, _w.Clock.GetUtcNow()).ShouldBeTrue();
    }

    [Fact]
    public async Task Pages_WithoutKey_AreOpen_AndAnswerGetOnly()
    {
        await using var worker = await RunningWorker.StartAsync(_w);

        using var post = await worker.Http.PostAsync(new Uri("/console/queue", UriKind.Relative), new StringContent(""));
        var (login, loginStatus) = await Get(worker.Http, "/console/login");

        post.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await Get(worker.Http, "/console")).Status.ShouldBe(HttpStatusCode.OK);
        loginStatus.ShouldBe(HttpStatusCode.OK);
        login.ShouldContain("<h1>Worker overview</h1>", Case.Sensitive, "with no key there is nothing to sign in to: the form sends on to the overview");
    }

    [Fact]
    public async Task Overview_RefusedRulesVersion_IsListedWithEveryProblem()
    {
        await using var worker = await RunningWorker.StartAsync(_w);
        var bumped = _w.BumpVersion();
        _w.Edit("tiers.json", t => t.Replace("\"RuleName\": \"tier.disqualified\",", "\"RuleName\": ,", StringComparison.Ordinal));
        await worker.UntilAsync(async () => (await worker.HealthAsync()).TryGetProperty("rules_rejected", out var r) && r.ValueKind != System.Text.Json.JsonValueKind.Null, "the refusal");

        var overview = await Page(worker.Http, "/console");

        overview.ShouldContain($"The rules folder now holds version {bumped}");
        overview.ShouldContain("tiers.json");
        overview.ShouldContain($"<td class=\"text\">{WorkerFixture.ShippedVersion}</td>", Case.Sensitive, "the active version stays in the activations");
    }

    private void StoreTierALead(string leadId, string company) => _w.Db.Leads.Save([new Lead(leadId, new Dictionary<string, string>
    {
        ["email"] = "pat@acme-logistics.com", ["employees"] = "300", ["industry"] = "Software", ["country"] = "United States",
        ["title"] = "VP Sales", ["function"] = "Sales", ["company"] = company, ["account_id"] = "acct-" + leadId,
    }, [new Signal("pricing_view", WorkerFixture.Start.AddDays(-2)), new Signal("demo_request", WorkerFixture.Start.AddHours(-1))])]);

    private static async Task<string> Page(HttpClient http, string path)
    {
        var (body, status) = await Get(http, path);
        status.ShouldBe(HttpStatusCode.OK, body);
        return body;
    }

    private static async Task<(string Body, HttpStatusCode Status)> Get(HttpClient http, string path, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await http.SendAsync(request);
        if (path.StartsWith("/console", StringComparison.Ordinal) && response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized)
        {
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem().ShouldStartWith("default-src 'none'");
        }

        return (await response.Content.ReadAsStringAsync(), response.StatusCode);
    }

    private static Task<HttpResponseMessage> Login(HttpClient http, string key, string next) =>
        http.PostAsync(new Uri("/console/login", UriKind.Relative), new FormUrlEncodedContent([new("key", key), new("next", next)]));
}
