using System.Linq.Expressions;
using System.Text.Json;
using System.Text.RegularExpressions;
using RuleScoring.Core.Accounts;
using RuleScoring.Core.Decay;
using RulesEngine.ExpressionBuilders;

namespace RuleScoring.Core.Rules;

/// <summary>
/// Checks what one rule says: its expression (parses, stays in the sandbox, reads no leaky field),
/// its properties as a document, points, reason and its placeholders, evidence, window, decay,
/// counting and a tier's SLA.
/// </summary>
internal sealed partial class RuleProperties(RuleFolder folder)
{
    private static readonly HashSet<string> Placeholders = ["count", "age", "points", "topics"];

    private static readonly HashSet<string> AccountPlaceholders =
        ["roles", "missing", "engaged", "researching", "contacts", "points", "bestFit", "bestIntent", "sumIntent"];

    // Parsing is the same with either compiler; only compilation differs.
    private readonly RuleExpressionParser _parser = new(EngineSettings.Create(useFastExpressionCompiler: false));

    // Five digits at most, as in tiers.schema.json: a longer number is a typo, not an SLA, and would overflow.
    [GeneratedRegex(@"^([0-9]{1,5})(m|h|d)$")]
    private static partial Regex SlaPattern();

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Placeholder();

    public T? Deserialize<T>(string file, int? line, string rule, JsonElement properties)
        where T : class
    {
        try
        {
            return properties.Deserialize<T>(RuleFolder.CamelCase) ?? throw new JsonException("Properties is null");
        }
        catch (JsonException ex)
        {
            folder.Error(file, line, rule, "Properties: " + JsonErrorText.Friendly(ex));
            return null;
        }
    }

    public void CheckExpression(string file, int? line, string ruleName, string expression, ParameterExpression[] parameters, LoadedModel? model)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            folder.Error(file, line, ruleName, "Expression is empty");
            return;
        }

        if (expression.Length > ExpressionGuard.MaxExpressionLength)
        {
            folder.Error(file, line, ruleName, $"Expression is {expression.Length} characters long; the limit is {ExpressionGuard.MaxExpressionLength}");
            return;
        }

        Expression parsed;
        try
        {
            parsed = _parser.Parse(expression, parameters, typeof(bool));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            folder.Error(file, line, ruleName, ExpressionHints.WithHint($"Expression does not parse: {ex.Message}", expression));
            return;
        }

        // Without model.json (unreadable, or tiers.json, which reads no names) names are not checked.
        var types = model?.Signals.Keys.ToHashSet(StringComparer.Ordinal);
        var groups = model?.SignalGroups.Keys.ToHashSet(StringComparer.Ordinal);
        var lists = model?.ListNames;
        foreach (var problem in ExpressionGuard.Check(parsed, types, groups, lists))
        {
            folder.Error(file, line, ruleName, ExpressionHints.WithHint("Expression " + problem, expression));
        }

        CheckLeakyFields(file, line, ruleName, parsed, model);
    }

    /// <summary>
    /// model.json's leakyFields are written during or after the sales process (a rep's tags, a
    /// lead quality grade): a rule that reads one scores the outcome, not the lead, and looks
    /// far better in replay than it will be on new leads. Validate refuses it.
    /// </summary>
    private void CheckLeakyFields(string file, int? line, string ruleName, Expression parsed, LoadedModel? model)
    {
        if (model is null)
        {
            return;
        }

        foreach (var field in LeakyFieldReads.Find(parsed, model.LeakyFields))
        {
            folder.Error(file, line, ruleName,
                $"Expression reads \"{field}\", which model.json's leakyFields declares leaky (written during or after the sales process): rules may not use it");
        }
    }

    public ScoringRule? ToScoringRule(string file, int? line, string dimension, RuleDocument rule, ScoringPropertiesDocument props, LoadedModel model)
    {
        var errors = folder.Problems.Count;
        void Fail(string message) => folder.Error(file, line, rule.RuleName, message);

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

        if (folder.Problems.Count > errors)
        {
            return null;
        }

        return new ScoringRule(rule.RuleName, dimension, file, rule.Expression, props.Points, props.Reason, props.Evidence,
            props.Window, decay, counting!.Value, props.Max, props.Disqualify);
    }

    /// <summary>An account.json scoring rule's points and reason (its placeholders are the account's, not a lead's).</summary>
    public void CheckAccountScoring(string file, int? line, string ruleName, AccountScoringPropertiesDocument props)
    {
        if (props.Points == 0 || props.Points is < -1000 or > 1000)
        {
            folder.Error(file, line, ruleName, $"points {props.Points} must be non-zero and between -1000 and 1000");
        }

        if (string.IsNullOrWhiteSpace(props.Reason))
        {
            folder.Error(file, line, ruleName, "reason is empty: every account score must say why");
        }

        foreach (Match match in Placeholder().Matches(props.Reason))
        {
            if (!AccountPlaceholders.Contains(match.Groups[1].Value))
            {
                folder.Error(file, line, ruleName, $"reason uses {{{match.Groups[1].Value}}}; account placeholders are {string.Join(", ", AccountPlaceholders.Select(p => "{" + p + "}"))}");
            }
        }
    }

    public bool TryParseSla(string file, int? line, string ruleName, string text, out TimeSpan? sla)
    {
        sla = null;
        if (text == "none")
        {
            return true;
        }

        var match = SlaPattern().Match(text);
        if (!match.Success)
        {
            folder.Error(file, line, ruleName, $"sla \"{text}\" must be a number (up to 5 digits) with m, h or d (e.g. 15m, 24h, 3d), or \"none\"");
            return false;
        }

        var n = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        sla = match.Groups[2].Value switch { "m" => TimeSpan.FromMinutes(n), "h" => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) };
        return true;
    }

    /// <summary>A tier's slaClock: absent or "wall" counts every hour, "business" the assigned rep's working hours (and needs an SLA to count).</summary>
    public bool TryParseSlaClock(string file, int? line, string ruleName, string? text, TimeSpan? sla, out Tiers.SlaClock clock)
    {
        clock = Tiers.SlaClock.Wall;
        switch (text)
        {
            case null or "wall":
                return true;
            case "business" when sla is null:
                folder.Error(file, line, ruleName, "slaClock \"business\" has no SLA to count: sla is \"none\" (drop slaClock or give an sla)");
                return false;
            case "business":
                clock = Tiers.SlaClock.Business;
                return true;
            default:
                folder.Error(file, line, ruleName, $"slaClock \"{text}\" must be \"wall\" (every hour, the default) or \"business\" (the assigned rep's working hours)");
                return false;
        }
    }
}
