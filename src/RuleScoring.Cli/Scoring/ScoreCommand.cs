using System.CommandLine;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Output;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

namespace RuleScoring.Cli.Scoring;

/// <summary><c>rulescore score --lead FILE|-</c>: score leads from JSON / JSONL and print their cards.</summary>
internal static class ScoreCommand
{
    public static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var lead = new Option<string>("--lead")
        {
            Description = "Lead JSON: one object, an array, or JSONL (one lead per line); '-' reads standard input",
            Required = true,
        };
        var asOf = new Option<string?>("--as-of") { Description = "Score as of this ISO 8601 time (default: now); signals after it are ignored" };
        var motion = new Option<string?>("--motion") { Description = "Composite weights to use (inbound, abm, plg...); default: the lead's motion attribute, else the model's default" };
        var fastCompiler = new Option<bool>("--fast-compiler") { Description = "Compile rules with FastExpressionCompiler (faster; same cards, checked by the golden tests)" };
        var rules = CommonOptions.Rules();
        var format = CommonOptions.Format();
        var command = new Command("score", "Score leads and print each card: dimensions, composite, tier, and the reasons why")
        {
            lead, asOf, motion, rules, format, fastCompiler,
        };

        command.SetAction(parse => Run(
            parse.GetValue(lead)!, parse.GetValue(asOf), parse.GetValue(motion), parse.GetValue(rules)!, parse.GetValue(format), parse.GetValue(fastCompiler),
            time, output, error));
        return command;
    }

    private static int Run(string leadPath, string? asOfText, string? motion, string rulesDir, OutputFormat format, bool fastCompiler,
        TimeProvider time, TextWriter output, TextWriter error)
    {
        var asOf = time.GetUtcNow();
        if (asOfText is not null && !Timestamps.TryParse(asOfText, out asOf))
        {
            error.WriteLine($"--as-of \"{asOfText}\" is not an ISO 8601 timestamp (e.g. 2026-11-20 or 2026-11-20T14:05:00Z)");
            return ExitCodes.InputError;
        }

        if (ScorerLoading.TryCreate(rulesDir, fastCompiler, error) is not { } scorer)
        {
            return ExitCodes.InputError;
        }

        if (motion is not null && !scorer.RuleSet.Motions.ContainsKey(motion))
        {
            error.WriteLine($"--motion \"{motion}\" is not defined; the model has {string.Join(", ", scorer.RuleSet.Motions.Keys)}");
            return ExitCodes.InputError;
        }

        string text;
        var source = leadPath == "-" ? "standard input" : leadPath;
        try
        {
            text = leadPath == "-" ? Console.In.ReadToEnd() : File.ReadAllText(leadPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{source}: cannot read: {ex.Message}");
            return ExitCodes.InputError;
        }

        var cards = new List<ScoreCard>();
        var rejected = 0;
        foreach (var record in LeadJsonReader.Read(text))
        {
            if (record.Lead is null)
            {
                rejected++;
                error.WriteLine($"{source}:{record.Line}: {record.Error}");
                continue;
            }

            cards.Add(scorer.Score(record.Lead, asOf, motion));
        }

        CardWriter.Write(output, cards, format);
        foreach (var card in cards.Where(c => c.Errors.Count > 0))
        {
            error.WriteLine($"lead {card.LeadId}: {string.Join("; ", card.Errors)}");
        }

        if (rejected > 0)
        {
            error.WriteLine($"{rejected} record(s) in {source} could not be read; {cards.Count} scored.");
            return ExitCodes.InputError;
        }

        // A card with a rule error is not a good score: scripts must not take it as one.
        var withErrors = cards.Count(c => c.Errors.Count > 0);
        if (withErrors > 0)
        {
            error.WriteLine($"{withErrors} card(s) carry rule errors; run 'rulescore validate'.");
            return ExitCodes.Findings;
        }

        return ExitCodes.Ok;
    }
}
