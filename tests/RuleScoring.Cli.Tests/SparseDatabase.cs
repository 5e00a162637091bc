using Dapper;
using Microsoft.Data.Sqlite;

namespace RuleScoring.Cli.Tests;

/// <summary>
/// A small SQLite database built through the CLI's own import, rescore and pilot commands, with
/// one kind of emptiness: the data a new team brings (no lost deals, no dispositions, ...).
/// Each case checks with a direct count that it holds what its name says.
/// </summary>
internal static class SparseDatabase
{
    public const string Full = "full";
    public const string NoDeals = "no deals";
    public const string NoLostDeals = "no lost deals";
    public const string NoDispositions = "no dispositions";
    public const string NoSlaTasks = "no SLA tasks";
    public const string NoSignals = "no signals";
    public const string OneLead = "one lead";
    public const string NoScores = "no scores";
    public const string NoScoreBeforeDeal = "no score before any deal";
    public const string Empty = "empty database";

    private const string LeadsHeader = "lead_id,email,company,employees,industry,country,title,function,created_at\n";

    private static readonly string[] Leads =
    [
        "L-1,dana@northwind-analytics.com,Northwind Analytics,300,Software,United States,VP Revenue Operations,Revenue Operations,2026-09-01T09:00:00Z",
        "L-2,sam@contoso-finance.com,Contoso Finance,1200,Financial Services,Canada,Director of Marketing,Marketing,2026-09-05T09:00:00Z",
        "L-3,kim@gmail.com,,5,Education,Canada,Student,,2026-09-10T09:00:00Z",
        "L-4,priya@fabrikam.io,Fabrikam,80,SaaS,United Kingdom,Growth Manager,Growth,2026-09-12T09:00:00Z",
    ];

    private const string SignalsHeader = "lead_id,type,occurred_at\n";

    private static readonly string[] Signals =
    [
        "L-1,demo_request,2026-10-01T10:00:00Z", "L-1,pricing_view,2026-09-30T10:00:00Z", "L-1,pricing_view,2026-09-29T10:00:00Z",
        "L-2,pricing_view,2026-10-02T10:00:00Z", "L-2,webinar_attended,2026-09-20T10:00:00Z", "L-2,case_study_view,2026-10-01T10:00:00Z",
        "L-3,blog_view,2026-09-20T10:00:00Z",
        "L-4,webinar_attended,2026-09-25T10:00:00Z", "L-4,blog_view,2026-09-26T10:00:00Z",
    ];

    private const string DealsHeader = "lead_id,opportunity_id,outcome,created_at,closed_at\n";

    private static readonly string[] Deals =
    [
        "L-1,O-1,won,2026-10-05T10:00:00Z,2026-10-20T10:00:00Z",
        "L-2,O-2,lost,2026-10-08T10:00:00Z,2026-10-30T10:00:00Z",
        "L-4,O-4,open,2026-11-01T10:00:00Z,",
    ];

    private const string DispositionsHeader = "lead_id,status,at,reason\n";

    private static readonly string[] Dispositions =
    [
        "L-1,accepted,2026-10-02T10:00:00Z,", "L-3,rejected,2026-10-05T10:00:00Z,No budget",
    ];

    private static readonly string[] AsOf = ["2026-09-15T12:00:00Z", "2026-10-03T12:00:00Z", "2026-11-20T12:00:00Z"];

    public static async Task<string> BuildAsync(TempFolder dir, string kind)
    {
        var db = Path.Combine(dir.Path, "sparse.db");
        var leads = kind switch
        {
            Empty => [],
            OneLead => Leads.Take(1).ToArray(),
            _ => Leads,
        };
        var signals = kind switch
        {
            Empty or NoSignals => [],
            OneLead => Signals.Where(s => s.StartsWith("L-1,", StringComparison.Ordinal)).ToArray(),
            // Engagement too weak for tier A or B: no tier with an SLA is ever entered.
            NoSlaTasks => Signals.Where(s => s.Contains("blog_view", StringComparison.Ordinal)).ToArray(),
            _ => Signals,
        };
        var deals = kind switch
        {
            Empty or NoDeals => [],
            OneLead => Deals.Take(1).ToArray(),
            NoLostDeals => Deals.Where(d => !d.Contains(",lost,", StringComparison.Ordinal)).ToArray(),
            // Every deal opened before the first rescore: no lead has a score from before its deal.
            NoScoreBeforeDeal => Deals.Select(d => d.Replace("2026-10-05", "2026-09-12", StringComparison.Ordinal)
                .Replace("2026-10-08", "2026-09-13", StringComparison.Ordinal).Replace("2026-11-01", "2026-09-14", StringComparison.Ordinal)).ToArray(),
            _ => Deals,
        };
        var dispositions = kind switch
        {
            Empty or NoDispositions => [],
            OneLead => Dispositions.Take(1).ToArray(),
            _ => Dispositions,
        };

        await Import(dir, db, "leads", LeadsHeader, leads);
        await Import(dir, db, "signals", SignalsHeader, signals);
        await Import(dir, db, "deals", DealsHeader, deals);
        await Import(dir, db, "dispositions", DispositionsHeader, dispositions);
        if (kind != NoScores)
        {
            foreach (var asOf in AsOf)
            {
                var (code, _, error) = await CliRun.RunAsync("rescore", "--db", db, "--rules", Repo.Rules, "--as-of", asOf);
                code.ShouldBe(0, error);
            }
        }

        var pilot = await CliRun.RunAsync("pilot", "--share", "0.5", "--db", db);
        pilot.ExitCode.ShouldBe(0, pilot.Error);
        Check(db, kind);
        return db;
    }

    private static async Task Import(TempFolder dir, string db, string kind, string header, string[] rows)
    {
        var file = dir.Write(kind + ".csv", header + string.Concat(rows.Select(r => r + "\n")));
        var (code, _, error) = await CliRun.RunAsync("import", kind, file, "--db", db);
        code.ShouldBe(0, error);
    }

    /// <summary>The case holds what its name says (else the test would prove nothing).</summary>
    private static void Check(string db, string kind)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        c.Open();
        long Count(string sql) => c.ExecuteScalar<long>(sql);
        switch (kind)
        {
            case NoDeals: Count("SELECT COUNT(*) FROM deals").ShouldBe(0); break;
            case NoLostDeals: Count("SELECT COUNT(*) FROM deals WHERE outcome = 'lost'").ShouldBe(0); break;
            case NoDispositions: Count("SELECT COUNT(*) FROM dispositions").ShouldBe(0); break;
            case NoSlaTasks: Count("SELECT COUNT(*) FROM sla_tasks").ShouldBe(0); Count("SELECT COUNT(*) FROM scores").ShouldBePositive(); break;
            case NoSignals: Count("SELECT COUNT(*) FROM signals").ShouldBe(0); break;
            case OneLead: Count("SELECT COUNT(*) FROM leads").ShouldBe(1); break;
            case NoScores: Count("SELECT COUNT(*) FROM scores").ShouldBe(0); break;
            case NoScoreBeforeDeal:
                Count("SELECT COUNT(*) FROM deals d WHERE EXISTS (SELECT 1 FROM scores s WHERE s.lead_id = d.lead_id AND s.as_of <= d.created_at)").ShouldBe(0);
                Count("SELECT COUNT(*) FROM deals").ShouldBePositive();
                break;
            case Empty:
                foreach (var table in new[] { "leads", "signals", "deals", "dispositions", "scores", "sla_tasks", "lifecycle_transitions" })
                {
                    Count($"SELECT COUNT(*) FROM {table}").ShouldBe(0, table);
                }

                break;
            default:
                Count("SELECT COUNT(*) FROM sla_tasks").ShouldBePositive();
                Count("SELECT COUNT(*) FROM deals WHERE outcome = 'lost'").ShouldBePositive();
                break;
        }
    }
}
