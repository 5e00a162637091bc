using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Output;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;
using RuleScoring.Storage.Lifecycle;
using RuleScoring.Storage.Reports;
using RuleScoring.Storage.Scores;

using RuleScoring.Cli.Accounts;
using RuleScoring.Core.Accounts;
using static RuleScoring.Core.Output.ReportNumbers;

namespace RuleScoring.Cli.Scoring;

/// <summary>
/// <c>rulescore explain LEAD</c>: the lead's current card with its reasons, then its score history:
/// when, under which rules, the tier and what moved the score since the row before.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var lead = new Argument<string?>("lead") { Description = "The lead id", Arity = ArgumentArity.ZeroOrOne };
        var account = new Option<string?>("--account") { Description = "Explain an account instead: its domain (or account_id)" };
        var history = new Option<int>("--history") { Description = "How many of the latest history rows to show (0: all)", DefaultValueFactory = _ => 20 };
        var db = CommonOptions.Db();
        var format = CommonOptions.Format();
        var command = new Command("explain", "Why a lead scores what it does: the current card with reasons, and how its score and tier got there")
        {
            lead, account, history, db, format,
        };

        command.SetAction(parse =>
        {
            var leadId = parse.GetValue(lead);
            var accountKey = parse.GetValue(account);
            if ((leadId is null) == (accountKey is null))
            {
                error.WriteLine("explain needs a lead id or --account DOMAIN (one of them)");
                return ExitCodes.InputError;
            }

            return accountKey is not null
                ? RunAccount(accountKey, parse.GetValue(db)!, parse.GetValue(format), time, output, error)
                : Run(leadId!, parse.GetValue(history), parse.GetValue(db)!, parse.GetValue(format), time, output, error);
        });
        return command;
    }

    private static int Run(string leadId, int limit, string dbPath, OutputFormat format, TimeProvider time, TextWriter output, TextWriter error)
    {
        try
        {
            using var database = ScoreDatabase.Open(dbPath, time, create: false);
            if (database.Leads.Get(leadId) is null)
            {
                error.WriteLine($"{database.Path}: no lead \"{leadId}\"");
                return ExitCodes.InputError;
            }

            var history = database.Scores.History(leadId);
            var deals = LeadDeals.For(database, leadId);
            if (history.Count == 0)
            {
                if (format != OutputFormat.Table)
                {
                    error.WriteLine($"lead {leadId} has not been scored yet; run 'rulescore rescore --db {dbPath}'");
                    return ExitCodes.InputError;
                }

                // Not scored is a state, not an error: say it and show what is stored.
                output.WriteLine($"{leadId}  not scored yet: run 'rulescore rescore --db {dbPath}'");
                LeadStory.Write(output, deals, database.Lifecycle.Transitions(leadId));
                return ExitCodes.Ok;
            }

            var current = database.Scores.Current(leadId)!;
            var accountKey = database.Accounts.KeyOf(leadId);
            var account = accountKey is null ? null : database.Accounts.Current(accountKey);
            if (format == OutputFormat.Table)
            {
                WriteTable(output, current, history, limit, AccountWriter.LeadLine(accountKey, account), deals, database.Lifecycle.Transitions(leadId));
                RouteWriter.Write(output, database.Routing.ForLead(leadId), database.Routing.Steps(leadId), database.Sla.ForLead(leadId));
            }
            else
            {
                output.WriteLine(Json(current, history, accountKey, account?.Card, indented: format == OutputFormat.Json));
            }

            return ExitCodes.Ok;
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
    }

    private static int RunAccount(string accountKey, string dbPath, OutputFormat format, TimeProvider time, TextWriter output, TextWriter error)
    {
        try
        {
            using var database = ScoreDatabase.Open(dbPath, time, create: false);
            var current = database.Accounts.Current(accountKey);
            if (current is null)
            {
                error.WriteLine($"{database.Path}: no scored account \"{accountKey}\" (accounts are company domains or account_id values; free-mail domains never form one; 'rulescore rescore' scores them)");
                return ExitCodes.InputError;
            }

            if (format == OutputFormat.Table)
            {
                AccountWriter.WriteTable(output, current.Card, database.Accounts.History(accountKey));
            }
            else
            {
                output.WriteLine(AccountCardJson.Serialize(current.Card, indented: format == OutputFormat.Json));
            }

            return ExitCodes.Ok;
        }
        catch (StorageException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.InputError;
        }
    }

    private static void WriteTable(TextWriter o, StoredScore current, IReadOnlyList<StoredScore> history, int limit, string accountLine,
        IReadOnlyList<StoredDeal> deals, IReadOnlyList<LifecycleTransition> transitions)
    {
        CardWriter.WriteTable(o, current.Card, LeadStory.Qualification(history, deals));
        o.WriteLine(accountLine);
        LeadStory.Write(o, deals, transitions);
        o.WriteLine();
        var shown = limit > 0 && history.Count > limit ? history.Count - limit : 0;
        o.WriteLine(shown > 0 ? $"history (latest {limit} of {history.Count}; --history 0 for all):" : $"history ({history.Count} score(s)):");
        o.WriteLine($"  {"as of",-20}  {"rules",-22}  {"composite",9}  {"fit",7}  {"intent",7}  {"behavior",8}  {"tier",-7}  what moved");
        for (var i = shown; i < history.Count; i++)
        {
            var row = history[i];
            var previous = i > 0 ? history[i - 1] : null;
            var rules = $"{row.Card.Rules.Version} ({row.Card.Rules.ShortHash})";
            var tier = row.Tier ?? "-";
            if (row.TierChanged && row.PreviousTier is not null)
            {
                tier = $"{row.PreviousTier}->{tier}";
            }

            var rulesChanged = previous is not null && previous.Card.Rules.Hash != row.Card.Rules.Hash ? "rules changed; " : "";
            o.WriteLine($"  {Timestamps.Format(row.AsOf),-20}  {rules,-22}  {N(row.Composite, 1),9}  {N(row.FitRaw, 2),7}  {N(row.IntentRaw, 2),7}  {N(row.BehaviorRaw, 2),8}  {tier,-7}  {rulesChanged}{Moved(previous, row)}");
        }
    }

    /// <summary>The reasons whose points changed most since the previous row (all of them, biggest first, for the first row).</summary>
    private static string Moved(StoredScore? previous, StoredScore row)
    {
        var before = previous?.Card.Reasons.ToDictionary(r => r.Code, r => r.Points, StringComparer.Ordinal) ?? [];
        var after = row.Card.Reasons.ToDictionary(r => r.Code, r => r.Points, StringComparer.Ordinal);
        var moves = before.Keys.Union(after.Keys)
            .Select(code => (Code: code, Delta: after.GetValueOrDefault(code) - before.GetValueOrDefault(code), Gone: !after.ContainsKey(code)))
            .Where(m => m.Delta != 0)
            .OrderByDescending(m => Math.Abs(m.Delta))
            .ThenBy(m => m.Code, StringComparer.Ordinal)
            .ToList();
        if (moves.Count == 0)
        {
            return previous is null ? "no rule fired" : "no change";
        }

        var text = string.Join(", ", moves.Take(3).Select(m => $"{(m.Delta > 0 ? "+" : "")}{N(m.Delta, 2)} {m.Code}{(m.Gone ? " (gone)" : "")}"));
        return moves.Count > 3 ? $"{text}, +{moves.Count - 3} more" : text;
    }

    private static string Json(StoredScore current, IReadOnlyList<StoredScore> history, string? accountKey, AccountCard? account, bool indented)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            ScoreHistoryJson.Write(w, current.LeadId, current, history, new AccountSummary(accountKey, account));
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
