using System.Globalization;
using RuleScoring.Bench;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;

// Every subcommand, its options and what it measures: Usage.cs (what --help prints).
// --help anywhere prints what each subcommand does and runs nothing (it used to start a benchmark).
if (args.Any(a => a is "--help" or "-h" or "-?" or "help"))
{
    Console.WriteLine("RuleScoring.Bench: throughput against baselines measured in the same run. Subcommands and options:");
    Console.WriteLine();
    foreach (var line in Usage.Lines)
    {
        Console.WriteLine(line);
    }

    return 0;
}

if (args.Length > 0 && args[0] == "table")
{
    return RuleScoring.Bench.Table.TableBenchmark.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "rescore")
{
    return RescoreBenchmark.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "deliveries")
{
    return DeliveryBenchmark.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "routing")
{
    return RoutingBenchmark.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "workers")
{
    return WorkersBenchmark.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "api")
{
    return ApiLoadBenchmark.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "replay")
{
    return ReplayBenchmark.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "tick")
{
    return TickBenchmark.Run(args[1..]);
}

var options = BenchOptions.Parse(args);
var asOf = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
Console.Error.WriteLine($"Generating {options.Leads:N0} leads with 0-40 signals each (seed {options.Seed})...");
var leads = Workload.Generate(options.Leads, options.Seed, asOf);
var signalCount = leads.Sum(l => (long)l.Signals.Count);

var ruleSet = RuleSetLoader.Load(options.RulesDirectory);
var plain = new LeadScorer(ruleSet);
var fast = new LeadScorer(ruleSet, useFastExpressionCompiler: true);
var reference = new LeadScorer(ruleSet, LeadScorerMode.Reference);
var referenceFast = new LeadScorer(ruleSet, useFastExpressionCompiler: true, LeadScorerMode.Reference);

// Before timing anything, prove the baseline scores the same model (a fast wrong scorer is no
// baseline), and that the compiled scorer gives the engine's own card, byte for byte.
var mismatches = 0;
string? firstMismatch = null;
var referenceMismatches = 0;
string? firstReferenceMismatch = null;
foreach (var lead in leads)
{
    var compiledCard = plain.Score(lead, asOf);
    var engine = ToBenchCard(compiledCard);
    var byHand = HandWrittenScorer.Score(lead, asOf);
    if (engine != byHand)
    {
        mismatches++;
        firstMismatch ??= $"{lead.LeadId}:\n  engine:       {engine}\n  hand-written: {byHand}";
    }

    var compiledJson = ScoreCardJson.Serialize(compiledCard);
    var referenceJson = ScoreCardJson.Serialize(reference.Score(lead, asOf));
    if (compiledJson != referenceJson)
    {
        referenceMismatches++;
        firstReferenceMismatch ??= $"{lead.LeadId}:\n  compiled:  {compiledJson}\n  reference: {referenceJson}";
    }
}

Console.WriteLine($"RuleScoring bench: {ruleSet.Identity}, {leads.Length:N0} leads, {signalCount:N0} signals ({(double)signalCount / leads.Length:0.0} per lead), {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"Engine vs hand-written: {mismatches} mismatching cards out of {leads.Length:N0}.");
if (firstMismatch is not null)
{
    Console.WriteLine("First mismatch (the hand-written scorer no longer matches rules/; fix it before reading the ratios):");
    Console.WriteLine(firstMismatch);
}

Console.WriteLine($"Compiled vs reference (RulesEngine): {referenceMismatches} cards differ in a byte out of {leads.Length:N0}.");
if (firstReferenceMismatch is not null)
{
    Console.WriteLine("First difference (the compiled scorer no longer does what ExecuteAllRulesAsync does):");
    Console.WriteLine(firstReferenceMismatch);
}

var benchmark = new ScoringBenchmark(Console.Out, Console.Error);
const string handWritten = "hand-written C#";
const string compiled = "LeadScorer compiled";
const string engineReference = "LeadScorer reference (ExecuteAllRulesAsync)";
var results = benchmark.Run(
    [
        new Contender(handWritten, (lead, at) => HandWrittenScorer.Score(lead, at)),
        new Contender(compiled, (lead, at) => plain.Score(lead, at)),
        new Contender(compiled + " + FastExpressionCompiler", (lead, at) => fast.Score(lead, at)),
        new Contender(engineReference, (lead, at) => reference.Score(lead, at)),
        new Contender(engineReference + " + FastExpressionCompiler", (lead, at) => referenceFast.Score(lead, at)),
    ],
    leads, asOf, options.Threads, options.Repeats);
benchmark.WriteTable(results, handWritten);
benchmark.WriteRatio(results, compiled, engineReference);
benchmark.WriteRatio(results, compiled + " + FastExpressionCompiler", engineReference + " + FastExpressionCompiler");
return mismatches == 0 && referenceMismatches == 0 ? 0 : 1;

static BenchCard ToBenchCard(ScoreCard card) => new(
    card.Fit.Raw, card.Intent.Raw, card.Behavior.Raw, card.Composite, card.Tier?.Tier ?? "-",
    string.Join(' ', card.Reasons.Select(r => $"{r.Code}={r.Points.ToString("0.####", CultureInfo.InvariantCulture)}")));
