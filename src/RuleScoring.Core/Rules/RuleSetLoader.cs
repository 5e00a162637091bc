using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Decay;
using RuleScoring.Core.Governance;
using RuleScoring.Core.Leads;
using RuleScoring.Core.Tiers;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;

namespace RuleScoring.Core.Rules;

/// <summary>
/// Reads a rules folder (model.json, fit.json, intent.json, behavior.json, tiers.json) into a
/// <see cref="RuleSet"/>, collecting every problem rather than stopping at the first, each
/// with its file, line where we can find it, and rule.
/// </summary>
public static partial class RuleSetLoader
{
    public const string ModelFile = "model.json";
    public const string TiersFile = "tiers.json";

    /// <summary>The three dimensions every model scores, each from the workflow file of the same name.</summary>
    public static readonly IReadOnlyList<string> DimensionNames = ["fit", "intent", "behavior"];

    private static readonly JsonSerializerOptions ModelOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    private static readonly JsonSerializerOptions WorkflowOptions = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    /// <summary>The most rules one workflow file may hold (the shipped model's largest has under 40).</summary>
    public const int MaxRulesPerWorkflow = 500;

    /// <summary>Loads and validates; throws <see cref="RuleSetException"/> listing every error when the folder is not usable.</summary>
    public static RuleSet Load(string directory)
    {
        var result = Validate(directory);
        return result.RuleSet ?? throw new RuleSetException(directory, result.Problems);
    }

    public static RuleSetLoadResult Validate(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var context = new LoadContext(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            context.Error(directory, null, null, "rules folder not found");
            return new RuleSetLoadResult(null, context.Problems);
        }

        if (RulesFile.FolderRefusal(directory) is { } tooLarge)
        {
            context.Error(directory, null, null, tooLarge);
            return new RuleSetLoadResult(null, context.Problems);
        }

        var model = context.ReadModel();
        var dimensions = new List<DimensionModel>();
        var workflows = new List<Workflow>();
        List<TierRule> tierRules = [];
        AccountModel? accounts = null;
        if (model is not null)
        {
            foreach (var dimension in DimensionNames)
            {
                var (rules, workflow) = context.ReadScoringWorkflow(dimension, model);
                if (workflow is not null && model.Dimensions.TryGetValue(dimension, out var doc) && model.DecayProfiles.TryGetValue(doc.Decay, out var decay))
                {
                    dimensions.Add(new DimensionModel(dimension, doc.Cap, decay, rules));
                    workflows.Add(workflow);
                }
            }
        }
        else
        {
            // Every file's own problems in this run, not one file per round.
            context.ReadScoringWorkflowsWithoutModel();
        }

        var (tiers, tierWorkflow) = context.ReadTierWorkflow();
        tierRules = tiers;
        if (tierWorkflow is not null)
        {
            workflows.Add(tierWorkflow);
        }

        if (model is not null)
        {
            accounts = context.ReadAccounts(model);
        }
        else
        {
            context.ReadAccountFileWithoutModel();
        }

        if (model is not null && !context.Problems.Any(p => p.Severity == RuleProblemSeverity.Error))
        {
            // Whole-model checks, once every rule reads on its own (otherwise they only echo those errors).
            context.Problems.AddRange(TierCoverage.Check(tierRules, model.Motions, model.Dimensions.ToDictionary(d => d.Key, d => d.Value.Cap),
                dimensions.SelectMany(d => d.Rules).Select(r => r.Name).ToHashSet(StringComparer.Ordinal), rule => context.RuleLine(TiersFile, rule)));
            context.Problems.AddRange(UnusedSignals.Check(model.Signals.Keys, model.SignalGroups, dimensions.SelectMany(d => d.Rules),
                type => context.LineOf(ModelFile, $"\"{type}\"")));
        }

        if (context.Problems.Any(p => p.Severity == RuleProblemSeverity.Error) || model is null)
        {
            return new RuleSetLoadResult(null, context.Problems);
        }

        var identity = new RuleSetIdentity(model.Name, model.Version, ContentHash.Compute(context.CanonicalFiles));
        var ruleSet = new RuleSet(
            identity,
            Path.GetFullPath(directory),
            dimensions,
            model.Motions.ToDictionary(m => m.Key, m => (IReadOnlyDictionary<string, decimal>)m.Value, StringComparer.Ordinal),
            model.DefaultMotion,
            model.DecayProfiles,
            model.Signals.ToDictionary(s => s.Key, s => s.Value.Description, StringComparer.Ordinal),
            model.SignalGroups,
            model.Lists,
            tierRules,
            workflows,
            context.Problems)
        {
            Governance = model.Governance,
            DisabledRules = context.DisabledRules,
            Accounts = accounts,
            Reports = model.Reports is { } reports ? new ReportThresholds(reports.HighFit, reports.HighIntent) : null,
            Bands = model.Bands,
            LeakyFields = model.LeakyFields,
        };
        return new RuleSetLoadResult(ruleSet, context.Problems);
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    // Five digits at most, as in tiers.schema.json: a longer number is a typo, not an SLA, and would overflow.
    [GeneratedRegex(@"^([0-9]{1,5})(m|h|d)$")]
    private static partial Regex SlaPattern();

    [GeneratedRegex(@"^Rules\[(\d+)\]")]
    private static partial Regex RulePath();

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Placeholder();

    /// <summary>The parts of model.json the workflows are checked against.</summary>
    private sealed record LoadedModel(
        string Name,
        string Version,
        Dictionary<string, DimensionDocument> Dimensions,
        Dictionary<string, Dictionary<string, decimal>> Motions,
        string DefaultMotion,
        Dictionary<string, DecayProfile> DecayProfiles,
        Dictionary<string, SignalTypeDocument> Signals,
        Dictionary<string, string[]> SignalGroups,
        ModelLists Lists,
        HashSet<string> ListNames,
        GovernancePolicy? Governance,
        AccountsSectionDocument? Accounts,
        ReportsDocument? Reports,
        HashSet<string> LeakyFields)
    {
        public CompositeBandSetting Bands { get; init; } = CompositeBandSetting.Default;
    }

    private sealed partial class LoadContext(string directory)
    {
        private static readonly HashSet<string> Placeholders = ["count", "age", "points", "topics"];
        // Parsing is the same with either compiler; only compilation differs.
        private readonly RuleExpressionParser _parser = new(EngineSettings.Create(useFastExpressionCompiler: false));
        private readonly Dictionary<string, string> _ruleFiles = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

        public List<RuleProblem> Problems { get; } = [];
        public List<string> DisabledRules { get; } = [];
        public List<(string FileName, JsonNode? Content)> CanonicalFiles { get; } = [];

        public void Error(string file, int? line, string? rule, string message) =>
            Problems.Add(new RuleProblem(RuleProblemSeverity.Error, file, line, rule, message));

        public LoadedModel? ReadModel()
        {
            var doc = Deserialize<ModelDocument>(ModelFile, ModelOptions);
            if (doc is null)
            {
                return null;
            }

            if (!SemVer().IsMatch(doc.Version))
            {
                Error(ModelFile, LineOf(ModelFile, "\"version\""), null, $"version \"{doc.Version}\" is not semantic versioning (e.g. 1.4.0)");
            }

            var profiles = new Dictionary<string, DecayProfile>(StringComparer.Ordinal);
            foreach (var (name, profile) in doc.DecayProfiles)
            {
                var line = LineOf(ModelFile, $"\"{name}\"");
                var days = profile.Steps.Select(s => s.UpToDays).ToArray();
                if (days.Any(d => d < 0) || days.Zip(days.Skip(1)).Any(p => p.First >= p.Second))
                {
                    Error(ModelFile, line, null, $"decay profile '{name}': step days must be >= 0 and strictly increasing");
                }

                if (profile.Steps.Any(s => s.Multiplier is < 0 or > 1) || profile.Otherwise is < 0 or > 1)
                {
                    Error(ModelFile, line, null, $"decay profile '{name}': multipliers must be between 0 and 1");
                }

                profiles[name] = new DecayProfile(name, profile.Steps.Select(s => new DecayStep(s.UpToDays, s.Multiplier)).ToArray(), profile.Otherwise);
            }

            var expected = DimensionNames.ToHashSet();
            foreach (var name in doc.Dimensions.Keys.Where(k => !expected.Contains(k)))
            {
                Error(ModelFile, LineOf(ModelFile, $"\"{name}\""), null, $"unknown dimension '{name}' (dimensions are {string.Join(", ", DimensionNames)})");
            }

            foreach (var name in DimensionNames)
            {
                if (!doc.Dimensions.TryGetValue(name, out var dimension))
                {
                    Error(ModelFile, null, null, $"dimension '{name}' is missing");
                    continue;
                }

                if (dimension.Cap <= 0)
                {
                    Error(ModelFile, LineOf(ModelFile, $"\"{name}\""), null, $"dimension '{name}': cap must be greater than 0");
                }

                if (!profiles.ContainsKey(dimension.Decay))
                {
                    Error(ModelFile, LineOf(ModelFile, $"\"{name}\""), null, $"dimension '{name}' uses decay profile '{dimension.Decay}', which is not defined in decayProfiles");
                }
            }

            foreach (var (motion, weights) in doc.Motions)
            {
                var line = LineOf(ModelFile, $"\"{motion}\"");
                if (!weights.Keys.ToHashSet().SetEquals(expected))
                {
                    Error(ModelFile, line, null, $"motion '{motion}' must weight exactly {string.Join(", ", DimensionNames)}");
                }
                else if (weights.Values.Any(w => w < 0) || weights.Values.Sum() != 100)
                {
                    Error(ModelFile, line, null, $"motion '{motion}': weights must be >= 0 and add up to 100 (they add up to {weights.Values.Sum()})");
                }
            }

            if (!doc.Motions.ContainsKey(doc.DefaultMotion))
            {
                Error(ModelFile, LineOf(ModelFile, "\"defaultMotion\""), null, $"defaultMotion '{doc.DefaultMotion}' is not one of the motions");
            }

            var groups = doc.Signals
                .SelectMany(s => s.Value.Groups.Select(g => (Group: g, Type: s.Key)))
                .GroupBy(x => x.Group, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(x => x.Type).ToArray(), StringComparer.Ordinal);
            foreach (var clash in groups.Keys.Where(doc.Signals.ContainsKey))
            {
                Error(ModelFile, LineOf(ModelFile, $"\"{clash}\""), null, $"'{clash}' is both a signal type and a signal group");
            }

            foreach (var type in doc.Signals.Keys.Where(t => t.Length == 0 || !string.Equals(t, t.Trim().ToLowerInvariant(), StringComparison.Ordinal)))
            {
                Error(ModelFile, LineOf(ModelFile, $"\"{type}\""), null, $"signal type '{type}' must be lower case, not empty, with no leading or trailing spaces (signals are matched after trimming and lower-casing)");
            }

            if (doc.Reports is { } reportDoc && (reportDoc.HighFit is < 0 or > 100 || reportDoc.HighIntent is < 0 or > 100))
            {
                Error(ModelFile, LineOf(ModelFile, "\"reports\""), null, "reports.highFit and reports.highIntent are scores from 0 to 100");
            }

            var governance = doc.Governance is null
                ? null
                : GovernancePolicyReader.Read(doc.Governance, (key, message) => Error(ModelFile, LineAfter(ModelFile, "\"governance\"", $"\"{key}\""), null, message));

            return new LoadedModel(doc.Name, doc.Version, doc.Dimensions, doc.Motions, doc.DefaultMotion, profiles, doc.Signals,
                groups, new ModelLists(doc.Lists), doc.Lists.Keys.ToHashSet(StringComparer.Ordinal), governance, doc.Accounts, doc.Reports, ReadLeakyFields(doc))
            {
                Bands = ReadBands(doc.Bands),
            };
        }

        public (List<ScoringRule> Rules, Workflow? Workflow) ReadScoringWorkflow(string dimension, LoadedModel model)
        {
            var file = dimension + ".json";
            var rules = new List<ScoringRule>();
            var engineRules = ReadWorkflow(file, dimension, [Param<LeadFacts>("lead"), Param<SignalSet>("signals"), Param<ModelLists>("lists")], model,
                (rule, properties) =>
                {
                    var props = DeserializeProperties<ScoringPropertiesDocument>(file, rule.RuleName, properties);
                    if (props is null)
                    {
                        return;
                    }

                    var scoring = ToScoringRule(file, dimension, rule, props, model);
                    if (scoring is not null && rule.Enabled)
                    {
                        rules.Add(scoring);
                    }
                });
            return (rules, engineRules is null ? null : new Workflow { WorkflowName = dimension, Rules = engineRules });
        }

        public (List<TierRule> Rules, Workflow? Workflow) ReadTierWorkflow()
        {
            var rules = new List<TierRule>();
            var engineRules = ReadWorkflow(TiersFile, "tiers", [Param<TierFacts>("card")], null, (rule, properties) =>
            {
                var props = DeserializeProperties<TierPropertiesDocument>(TiersFile, rule.RuleName, properties);
                if (props is null)
                {
                    return;
                }

                if (!TryParseSla(TiersFile, rule.RuleName, props.Sla, out var sla))
                {
                    return;
                }

                if (rule.Enabled)
                {
                    rules.Add(new TierRule(rule.RuleName, rule.Expression, props.Tier, sla, props.Sla, props.SalesAction, props.MarketingAction, props.Kpi, props.Mql, props.Sql));
                }
            });

            if (engineRules is not null && rules.Count == 0 && !Problems.Any(p => p.File == TiersFile))
            {
                Error(TiersFile, null, null, "no tier rules: every card needs a tier");
            }

            return (rules, engineRules is null ? null : new Workflow { WorkflowName = "tiers", Rules = engineRules });
        }

        private bool TryParseSla(string file, string ruleName, string text, out TimeSpan? sla)
        {
            sla = null;
            if (text == "none")
            {
                return true;
            }

            var match = SlaPattern().Match(text);
            if (!match.Success)
            {
                Error(file, RuleLine(file, ruleName), ruleName, $"sla \"{text}\" must be a number (up to 5 digits) with m, h or d (e.g. 15m, 24h, 3d), or \"none\"");
                return false;
            }

            var n = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            sla = match.Groups[2].Value switch { "m" => TimeSpan.FromMinutes(n), "h" => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) };
            return true;
        }

        private List<Rule>? ReadWorkflow(string file, string workflowName, ParameterExpression[] parameters, LoadedModel? model, Action<RuleDocument, JsonElement> readProperties)
        {
            var doc = Deserialize<WorkflowDocument>(file, WorkflowOptions);
            if (doc is null)
            {
                return null;
            }

            if (doc.WorkflowName != workflowName)
            {
                Error(file, LineOf(file, "\"WorkflowName\""), null, $"WorkflowName is \"{doc.WorkflowName}\"; in {file} it must be \"{workflowName}\"");
            }

            // Each rule is parsed, guarded, compiled and run on every lead: a workflow of tens of
            // thousands is a way to stall validate and every tick, not a model anyone reviews.
            if (doc.Rules.Length > MaxRulesPerWorkflow)
            {
                Error(file, LineOf(file, "\"Rules\""), null, $"{doc.Rules.Length:N0} rules, over the {MaxRulesPerWorkflow:N0} a workflow may hold");
                return null;
            }

            var engineRules = new List<Rule>();
            for (var i = 0; i < doc.Rules.Length; i++)
            {
                var element = doc.Rules[i];
                var label = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("RuleName", out var n) && n.ValueKind == JsonValueKind.String
                    ? n.GetString()!
                    : $"#{i + 1}";
                RuleDocument? rule;
                try
                {
                    rule = element.Deserialize<RuleDocument>(WorkflowOptions);
                }
                catch (JsonException ex)
                {
                    Error(file, RuleLine(file, label), label, Friendly(ex));
                    continue;
                }

                if (rule is null)
                {
                    Error(file, null, label, "rule is null");
                    continue;
                }

                var line = RuleLine(file, rule.RuleName);
                if (string.IsNullOrWhiteSpace(rule.RuleName))
                {
                    Error(file, line, label, "RuleName is empty");
                    continue;
                }

                if (_ruleFiles.TryGetValue(rule.RuleName, out var firstFile))
                {
                    Error(file, line, rule.RuleName, $"duplicate RuleName (also defined in {firstFile}); reason codes must be unique");
                }
                else
                {
                    _ruleFiles[rule.RuleName] = file;
                }

                CheckExpression(file, line, rule, parameters, model);
                readProperties(rule, rule.Properties);
                if (!rule.Enabled)
                {
                    DisabledRules.Add(rule.RuleName);
                }
                else
                {
                    engineRules.Add(new Rule { RuleName = rule.RuleName, Expression = rule.Expression, RuleExpressionType = RuleExpressionType.LambdaExpression });
                }
            }

            return engineRules;
        }

        private void CheckExpression(string file, int? line, RuleDocument rule, ParameterExpression[] parameters, LoadedModel? model) =>
            CheckExpression(file, line, rule.RuleName, rule.Expression, parameters, model);

        private void CheckExpression(string file, int? line, string ruleName, string expression, ParameterExpression[] parameters, LoadedModel? model)
        {
            if (string.IsNullOrWhiteSpace(expression))
            {
                Error(file, line, ruleName, "Expression is empty");
                return;
            }

            if (expression.Length > ExpressionGuard.MaxExpressionLength)
            {
                Error(file, line, ruleName, $"Expression is {expression.Length} characters long; the limit is {ExpressionGuard.MaxExpressionLength}");
                return;
            }

            Expression parsed;
            try
            {
                parsed = _parser.Parse(expression, parameters, typeof(bool));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Error(file, line, ruleName, ExpressionHints.WithHint($"Expression does not parse: {ex.Message}", expression));
                return;
            }

            // Without model.json (unreadable, or tiers.json, which reads no names) names are not checked.
            var types = model?.Signals.Keys.ToHashSet(StringComparer.Ordinal);
            var groups = model?.SignalGroups.Keys.ToHashSet(StringComparer.Ordinal);
            var lists = model?.ListNames;
            foreach (var problem in ExpressionGuard.Check(parsed, types, groups, lists))
            {
                Error(file, line, ruleName, ExpressionHints.WithHint("Expression " + problem, expression));
            }

            CheckLeakyFields(file, line, ruleName, parsed, model);
        }

        private ScoringRule? ToScoringRule(string file, string dimension, RuleDocument rule, ScoringPropertiesDocument props, LoadedModel model)
        {
            var line = RuleLine(file, rule.RuleName);
            var errors = Problems.Count;
            void Fail(string message) => Error(file, line, rule.RuleName, message);

            if (props.Points == 0 || props.Points is < -1000 or > 1000)
            {
                Fail($"points {props.Points} must be non-zero and between -1000 and 1000");
            }

            if (string.IsNullOrWhiteSpace(props.Reason))
            {
                Fail("reason is empty: every score must say why");
            }

            foreach (Match match in Placeholder().Matches(props.Reason))
            {
                if (!Placeholders.Contains(match.Groups[1].Value))
                {
                    Fail($"reason uses {{{match.Groups[1].Value}}}; the placeholders are {{count}}, {{age}}, {{points}} and {{topics}}");
                }
            }

            foreach (var evidence in props.Evidence.Where(e => !model.Signals.ContainsKey(e) && !model.SignalGroups.ContainsKey(e)))
            {
                Fail($"evidence \"{evidence}\" is not a signal type or group in model.json's catalogue");
            }

            if (props.Window is <= 0)
            {
                Fail("window must be at least 1 day");
            }

            DecayProfile? decay = null;
            if (props.Decay is { } decayName)
            {
                if (!model.DecayProfiles.TryGetValue(decayName, out decay))
                {
                    Fail($"decay profile \"{decayName}\" is not defined in model.json's decayProfiles");
                }
            }
            else if (props.Points > 0 && props.Evidence.Length > 0 && model.Dimensions.TryGetValue(dimension, out var dim))
            {
                // Positive event rules decay with their dimension; disqualifiers never decay unless they say so.
                model.DecayProfiles.TryGetValue(dim.Decay, out decay);
            }

            if (decay is not null && props.Evidence.Length == 0)
            {
                Fail("decay needs evidence: name the signal type(s) whose age the points decay with");
            }

            var counting = props.Per switch
            {
                null => EvidenceCounting.Once,
                "event" => EvidenceCounting.PerEvent,
                "topic" => EvidenceCounting.PerTopic,
                _ => (EvidenceCounting?)null,
            };
            if (counting is null)
            {
                Fail($"per \"{props.Per}\" must be \"event\" or \"topic\"");
            }
            else if (counting != EvidenceCounting.Once && (props.Evidence.Length == 0 || props.Max is null or < 1))
            {
                Fail($"per \"{props.Per}\" needs evidence and a max of at least 1 (points are given per {props.Per}, up to max)");
            }
            else if (counting == EvidenceCounting.Once && props.Max is not null)
            {
                Fail("max only applies to rules with per \"event\" or \"topic\"");
            }

            if (Problems.Count > errors)
            {
                return null;
            }

            return new ScoringRule(rule.RuleName, dimension, file, rule.Expression, props.Points, props.Reason, props.Evidence,
                props.Window, decay, counting!.Value, props.Max, props.Disqualify);
        }

        private T? DeserializeProperties<T>(string file, string rule, JsonElement properties)
            where T : class
        {
            try
            {
                return properties.Deserialize<T>(ModelOptions) ?? throw new JsonException("Properties is null");
            }
            catch (JsonException ex)
            {
                Error(file, RuleLine(file, rule), rule, "Properties: " + Friendly(ex));
                return null;
            }
        }

        private T? Deserialize<T>(string file, JsonSerializerOptions options)
            where T : class
        {
            if (!RulesFile.TryReadText(directory, file, out var text, out var refused))
            {
                Error(file, null, null, refused);
                return null;
            }

            _texts[file] = text;
            try
            {
                // A repeated property is refused: the typed read would keep the last one silently (a
                // reviewer reads one expression, the engine runs the other), and the content hash, which
                // walks the file as a JsonObject, would throw on it.
                var repeated = JsonNulls.FindRepeated(text);
                foreach (var (line, at) in repeated)
                {
                    Error(file, line, null, $"{at} appears twice in the same object: keep one");
                }

                if (repeated.Count > 0)
                {
                    return null;
                }

                var node = JsonNode.Parse(text);
                CanonicalFiles.Add((file, node));
                var nulls = JsonNulls.Find(text);
                foreach (var (line, at) in nulls)
                {
                    Error(file, line, RuleAt(node, at), at.Length == 0
                        ? "the file holds null"
                        : $"{at} is null: leave it out, or give it a value (rules files never use null)");
                }

                return nulls.Count > 0 ? null : JsonSerializer.Deserialize<T>(text, options) ?? throw new JsonException("the file holds null");
            }
            catch (JsonException ex)
            {
                Error(file, ex.LineNumber is { } l ? (int)l + 1 : null, null, Friendly(ex));
                return null;
            }
        }

        /// <summary>The RuleName of the workflow rule a path such as <c>Rules[3].Properties.decay</c> is in, if any.</summary>
        private static string? RuleAt(JsonNode? file, string path)
        {
            var match = RulePath().Match(path);
            if (!match.Success || file is not JsonObject { } workflow || workflow["Rules"] is not JsonArray rules)
            {
                return null;
            }

            var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return index < rules.Count && rules[index] is JsonObject rule && rule["RuleName"] is JsonValue name && name.TryGetValue<string>(out var text)
                ? text
                : $"#{index + 1}";
        }

        public int? RuleLine(string file, string rule) =>
            LineOf(file, $"\"RuleName\"", $"\"{rule}\"");

        /// <summary>The 1-based line where <paramref name="key"/> (optionally followed by <paramref name="value"/>) first appears.</summary>
        public int? LineOf(string file, string key, string? value = null)
        {
            if (!_texts.TryGetValue(file, out var text))
            {
                return null;
            }

            var pattern = Regex.Escape(key) + (value is null ? "" : @"\s*:\s*" + Regex.Escape(value));
            var match = Regex.Match(text, pattern);
            return match.Success ? text.AsSpan(0, match.Index).Count('\n') + 1 : null;
        }

        /// <summary>The line of <paramref name="key"/> after <paramref name="anchor"/> (e.g. a role inside "governance", not a signal's source of the same name).</summary>
        private int? LineAfter(string file, string anchor, string key)
        {
            if (!_texts.TryGetValue(file, out var text))
            {
                return null;
            }

            var start = text.IndexOf(anchor, StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }

            var index = text.IndexOf(key, start, StringComparison.Ordinal);
            return text.AsSpan(0, index < 0 ? start : index).Count('\n') + 1;
        }

        private static ParameterExpression Param<T>(string name) => Expression.Parameter(typeof(T), name);

        private static string Friendly(JsonException ex) => JsonErrorText.Friendly(ex);
    }
}
