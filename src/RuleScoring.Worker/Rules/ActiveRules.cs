using Microsoft.Extensions.Logging;
using RuleScoring.Core.Governance;
using RuleScoring.Core.RuleTests;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Storage.Database;

namespace RuleScoring.Worker.Rules;

/// <summary>
/// The rule set the worker scores with. <see cref="Refresh"/> re-reads the folder when its files
/// changed: a set that loads (schema, expressions, sandbox) and passes its rule tests becomes the
/// active version, recorded in the database with what changed; anything else is logged with every
/// problem and the last good version keeps scoring. Read from any thread; refreshed from one.
/// </summary>
public sealed partial class ActiveRules(string directory, TimeProvider time, ILogger<ActiveRules> log)
{
    private volatile RulesSnapshot? _current;
    private volatile RejectedRules? _rejected;
    private string? _fingerprint;
    private long _rejectedVersions;
    private volatile RejectedRules[] _rejections = [];

    /// <summary>How many refused versions <see cref="Rejections"/> keeps.</summary>
    public const int RejectionsKept = 5;

    public string Directory { get; } = directory;

    /// <summary>The active version, or null when no valid rule set has been read yet.</summary>
    public RulesSnapshot? Current => _current;

    /// <summary>The folder's current content when it is invalid (the active version is older); null when it is the active one.</summary>
    public RejectedRules? Rejected => _rejected;

    /// <summary>How many times since start a changed folder was refused (each refusal counts once, however long it stays invalid).</summary>
    public long RejectedVersions => Interlocked.Read(ref _rejectedVersions);

    /// <summary>The latest refused versions since start with every problem, newest first (the console's overview), however the folder stands now.</summary>
    public IReadOnlyList<RejectedRules> Rejections => _rejections;

    public RulesRefresh Refresh(ScoreDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var fingerprint = System.IO.Directory.Exists(Directory) ? RulesFolder.Fingerprint(Directory) : "missing";
        if (fingerprint == _fingerprint)
        {
            return RulesRefresh.Unchanged;
        }

        _fingerprint = fingerprint;
        var problems = new List<string>();
        var result = RuleSetLoader.Validate(Directory);
        problems.AddRange(result.Errors.Select(p => p.ToString()));
        LeadScorer? scorer = null;
        AccountScorer? accounts = null;
        if (result.RuleSet is { } loaded)
        {
            // A rule that fails on the warm-up lead or spends the busy lead's budget is a rejected
            // version like any other problem: the last good version keeps scoring.
            try
            {
                scorer = new LeadScorer(loaded);
                accounts = loaded.Accounts is null ? null : new AccountScorer(loaded);
            }
            catch (RuleSetException ex)
            {
                problems.AddRange(ex.Problems.Select(p => p.ToString()));
            }

            if (scorer is not null)
            {
                var suite = RuleTestReader.Read(Directory, loaded);
                problems.AddRange(suite.Problems.Select(p => p.ToString()));
                problems.AddRange(RuleTestRunner.Run(scorer, suite.Cases)
                    .Where(r => !r.Passed)
                    .Select(r => $"{r.Case.File}{(r.Case.Line is { } line ? $":{line}" : "")}: rule test '{r.Case.Name}' fails: {string.Join("; ", r.Failures)}"));
            }
        }

        if (problems.Count > 0 || result.RuleSet is null || scorer is null)
        {
            var version = result.RuleSet?.Identity.Version ?? DeclaredVersion(Directory);
            _rejected = new RejectedRules(time.GetUtcNow(), version, problems);
            _rejections = [_rejected, .. _rejections.Take(RejectionsKept - 1)];
            Interlocked.Increment(ref _rejectedVersions);
            var keeping = _current is { } kept ? $"{kept.Identity.Version} ({kept.Identity.ShortHash})" : "none: nothing is scored until the rules are fixed";
            LogRejected(log, version ?? "(model.json unreadable)", Directory, problems.Count, keeping);
            foreach (var problem in problems)
            {
                LogProblem(log, problem);
            }

            return RulesRefresh.Rejected;
        }

        _rejected = null;
        var ruleSet = result.RuleSet;
        if (_current is { } previous && previous.Identity.Hash == ruleSet.Identity.Hash)
        {
            return RulesRefresh.Unchanged;
        }

        var previousActive = _current;
        var changes = _current is { } before
            ? RuleSetDiffer.Compare(before.RuleSet, ruleSet).Changes.Select(Describe).ToList()
            : [];
        var last = db.Worker.LastActivation();
        var activation = last is not null && last.RulesHash == ruleSet.Identity.Hash && _current is null
            ? last
            : db.Worker.RecordActivation(ruleSet.Identity, changes);
        _current = new RulesSnapshot(ruleSet, scorer, activation) { Accounts = accounts, Router = Core.Routing.Router.For(ruleSet) };
        if (previousActive is null)
        {
            LogStarted(log, ruleSet.Identity.Name, ruleSet.Identity.Version, ruleSet.Identity.ShortHash, activation.ActivatedAt);
        }
        else
        {
            LogActivated(log, ruleSet.Identity.Name, ruleSet.Identity.Version, ruleSet.Identity.ShortHash, previousActive.Identity.Version, previousActive.Identity.ShortHash, changes.Count);
        }

        foreach (var change in changes)
        {
            LogChange(log, change);
        }

        return RulesRefresh.Activated;
    }

    /// <summary>The version model.json declares when the set did not load as a whole; null when model.json cannot be read.</summary>
    private static string? DeclaredVersion(string directory)
    {
        if (!RulesFile.TryReadText(directory, RuleSetLoader.ModelFile, out var text, out _))
        {
            return null;
        }

        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(text)?["version"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var version) ? version : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Describe(RuleChange change) =>
        $"{change.Area} {change.Subject} {change.Field}: {change.Before ?? "(none)"} -> {change.After ?? "(none)"} [{ChangeClasses.Key(change.Class)}]";

    [LoggerMessage(Level = LogLevel.Error, Message = "Rules {RejectedVersion} in {Directory} rejected with {ProblemCount} problem(s); active version stays {Active}")]
    private static partial void LogRejected(ILogger logger, string rejectedVersion, string directory, int problemCount, string active);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rules problem: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rules {RulesName} {RulesVersion} ({RulesHash}) active, since {ActivatedAt:u}")]
    private static partial void LogStarted(ILogger logger, string rulesName, string rulesVersion, string rulesHash, DateTimeOffset activatedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rules {RulesName} {RulesVersion} ({RulesHash}) active, replacing {PreviousVersion} ({PreviousHash}); {ChangeCount} change(s); every lead is rescored")]
    private static partial void LogActivated(ILogger logger, string rulesName, string rulesVersion, string rulesHash, string previousVersion, string previousHash, int changeCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rules change: {Change}")]
    private static partial void LogChange(ILogger logger, string change);
}
