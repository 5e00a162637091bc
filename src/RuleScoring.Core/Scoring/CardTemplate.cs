using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RuleScoring.Core.Reasons;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Scoring;

/// <summary>
/// What every card scored under one rule set shares: the rule version, dimensions and caps,
/// motion weights, each scoring rule's dimension, points and reason template, and each tier
/// rule's tier, SLA and actions. Stored once per rules hash, it lets a stored card keep only what
/// varies per lead (<see cref="Encode"/>): which rules fired with their points and evidence, the
/// tier, the times, errors. <see cref="Decode"/> gives back the same card: the same
/// <see cref="ScoreCardJson"/> text, which <see cref="Encode"/> checks before it answers
/// (<see cref="ScoreCardJson.WritesAlike"/> on the card decoded), so a card it cannot rebuild
/// exactly is left to be stored whole (null).
/// </summary>
public sealed class CardTemplate
{
    /// <summary>The first character of a compact card; a whole card's JSON starts with '{'.</summary>
    public const char CompactMark = '[';
    // The template's format, and the compact card's: 2 keeps each reason's evidence times (see Encode).
    private const int Format = 1;
    private const int CardFormat = 2;
    private const long SecondsPerDay = 86_400;

    private readonly TemplateDimension[] _dimensions;
    private readonly TemplateMotion[] _motions;
    private readonly TemplateReason[] _reasons;
    private readonly TierAssignmentTemplate[] _tiers;
    private readonly Dictionary<string, int> _reasonIndex;
    private readonly Dictionary<string, int> _motionIndex;
    private readonly Dictionary<string, int> _tierIndex;

    private CardTemplate(string json, RuleSetIdentity rules, string? evidenceSignature, TemplateDimension[] dimensions, TemplateMotion[] motions,
        TemplateReason[] reasons, TierAssignmentTemplate[] tiers)
    {
        Json = json;
        Rules = rules;
        EvidenceSignature = evidenceSignature;
        _dimensions = dimensions;
        _motions = motions;
        _reasons = reasons;
        _tiers = tiers;
        _reasonIndex = Index(reasons.Select(r => r.Code));
        _motionIndex = Index(motions.Select(m => m.Name));
        _tierIndex = Index(tiers.Select(t => t.Rule));
    }

    public RuleSetIdentity Rules { get; }

    /// <summary>
    /// The rule set's <see cref="Scoring.EvidenceSignature"/>: cards of two templates with the same
    /// one differ only by weights (<see cref="LeadScorer.Reweigh"/>). Null in a template stored
    /// before it was kept.
    /// </summary>
    public string? EvidenceSignature { get; }

    /// <summary>The stored form; <see cref="Parse"/> reads it back.</summary>
    public string Json { get; }

    /// <summary>The template of a rule set, as it reads back from its stored form.</summary>
    public static CardTemplate Of(RuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        var json = CardJsonParts.Serialize(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("format", Format);
            CardJsonParts.WriteRules(w, ruleSet.Identity);
            w.WriteString("evidence", Scoring.EvidenceSignature.Of(ruleSet));
            w.WriteStartArray("dimensions");
            foreach (var d in ruleSet.Dimensions)
            {
                w.WriteStartObject();
                w.WriteString("name", d.Name);
                w.WriteNumber("cap", d.Cap);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("motions");
            foreach (var (name, weights) in ruleSet.Motions)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteStartArray("weights");
                foreach (var d in ruleSet.Dimensions)
                {
                    w.WriteNumberValue(weights[d.Name]);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("reasons");
            foreach (var r in ruleSet.ScoringRules)
            {
                w.WriteStartObject();
                w.WriteString("code", r.Name);
                w.WriteString("dimension", r.Dimension);
                w.WriteNumber("points", r.Points);
                w.WriteBoolean("once", r.Counting == EvidenceCounting.Once);
                w.WriteBoolean("disqualifier", r.Disqualify);
                w.WriteString("text", r.ReasonTemplate);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("tiers");
            foreach (var t in ruleSet.TierRules)
            {
                w.WriteStartObject();
                w.WriteString("tier", t.Tier);
                w.WriteString("rule", t.Name);
                w.WriteString("sla", t.SlaText);
                if (t.Sla is { } sla)
                {
                    w.WriteNumber("sla_ticks", sla.Ticks);
                }
                else
                {
                    w.WriteNull("sla_ticks");
                }

                w.WriteString("sales_action", t.SalesAction);
                w.WriteString("marketing_action", t.MarketingAction);
                if (t.Kpi is null)
                {
                    w.WriteNull("kpi");
                }
                else
                {
                    w.WriteString("kpi", t.Kpi);
                }

                w.WriteBoolean("mql", t.Mql);
                w.WriteBoolean("sql", t.Sql);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }, indented: false);
        return Parse(json);
    }

    /// <summary>Reads a template written by <see cref="Of"/>.</summary>
    /// <exception cref="FormatException">The text is not a card template this build reads.</exception>
    public static CardTemplate Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var t = doc.RootElement;
            if (t.GetProperty("format").GetInt32() != Format)
            {
                throw new FormatException($"card template format {t.GetProperty("format").GetInt32()} is newer than this build reads ({Format}); use a newer build");
            }

            var dimensions = t.GetProperty("dimensions").EnumerateArray()
                .Select(d => new TemplateDimension(d.GetProperty("name").GetString()!, d.GetProperty("cap").GetDecimal())).ToArray();
            var motions = t.GetProperty("motions").EnumerateArray()
                .Select(m => new TemplateMotion(m.GetProperty("name").GetString()!, m.GetProperty("weights").EnumerateArray().Select(x => x.GetDecimal()).ToArray()))
                .ToArray();
            var reasons = t.GetProperty("reasons").EnumerateArray()
                .Select(r => new TemplateReason(r.GetProperty("code").GetString()!, r.GetProperty("dimension").GetString()!, r.GetProperty("points").GetDecimal(),
                    r.GetProperty("once").GetBoolean(), r.GetProperty("disqualifier").GetBoolean(), ReasonTemplate.Parse(r.GetProperty("text").GetString()!)))
                .ToArray();
            var tiers = t.GetProperty("tiers").EnumerateArray()
                .Select(x => new TierAssignmentTemplate(x.GetProperty("tier").GetString()!, x.GetProperty("rule").GetString()!, x.GetProperty("sla").GetString()!,
                    x.GetProperty("sla_ticks") is { ValueKind: JsonValueKind.Number } ticks ? TimeSpan.FromTicks(ticks.GetInt64()) : null,
                    x.GetProperty("sales_action").GetString()!, x.GetProperty("marketing_action").GetString()!, x.GetProperty("kpi").GetString(),
                    x.GetProperty("mql").GetBoolean(), x.GetProperty("sql").GetBoolean()))
                .ToArray();
            if (motions.Any(m => m.Weights.Length != dimensions.Length) || reasons.Any(r => dimensions.All(d => d.Name != r.Dimension)))
            {
                throw new FormatException("card template: a motion or a reason does not match the dimensions");
            }

            var evidence = t.TryGetProperty("evidence", out var signature) ? signature.GetString() : null;
            return new CardTemplate(json, CardJsonParts.ReadRules(t), evidence, dimensions, motions, reasons, tiers);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"not a card template: {ex.Message}", ex);
        }
    }

    /// <summary>True for a card written by <see cref="Encode"/>, false for a whole card's JSON.</summary>
    public static bool IsCompact(string stored) => stored is [CompactMark, ..];

    /// <summary>The template a compact card was written with (the number <see cref="Encode"/> was given).</summary>
    /// <exception cref="FormatException">Not a compact card.</exception>
    public static long TemplateIdOf(string compact)
    {
        ArgumentNullException.ThrowIfNull(compact);
        // "[2,<id>,...": the format (1 or 2), then the id.
        const int prefixLength = 3;
        var end = compact.IndexOf(',', prefixLength);
        return compact.Length > prefixLength && compact[0] == CompactMark && compact[1] is ('1' or '2') && compact[2] == ',' && end > 0
            && long.TryParse(compact.AsSpan(prefixLength, end - prefixLength), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new FormatException($"not a compact card this build reads: '{compact[..Math.Min(20, compact.Length)]}'");
    }

    /// <summary>
    /// The card as a short JSON array of numbers and codes (see <see cref="Decode"/>), or null when
    /// it is not a card of this template or does not decode to the same JSON (store it whole then).
    /// </summary>
    /// <param name="templateId">The template's stored id, written first so a reader knows which template to decode with.</param>
    public string? Encode(ScoreCard card, long templateId)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.Rules != Rules || card.Dimensions.Count != _dimensions.Length || !_motionIndex.TryGetValue(card.Motion, out var motion))
        {
            return null;
        }

        var tier = -1;
        if (card.Tier is { } assigned && !_tierIndex.TryGetValue(assigned.Rule, out tier))
        {
            return null;
        }

        var asOf = card.AsOf.ToUnixTimeSeconds();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteNumberValue(CardFormat);
            w.WriteNumberValue(templateId);
            w.WriteStringValue(card.LeadId);
            w.WriteNumberValue(asOf);
            w.WriteNumberValue(motion);
            w.WriteNumberValue(tier);
            if (card.NextChangeAt is { } next)
            {
                w.WriteNumberValue(next.ToUnixTimeSeconds() - asOf);
            }
            else
            {
                w.WriteNullValue();
            }

            // Each reason: [rule, points] and, when there is evidence, its count, its age (null:
            // none), its times (null: not kept) and the text when it is not the template's (a list
            // of topics), each left off when it and all after it are empty. The times are the
            // seconds from the latest evidence to the as-of beyond its age in whole days, or, when
            // a rule counting events one by one has one not at full weight, [those seconds, each
            // counted event's decay multiplier...].
            w.WriteStartArray();
            foreach (var r in card.Reasons)
            {
                if (!_reasonIndex.TryGetValue(r.Code, out var index))
                {
                    return null;
                }

                var rule = _reasons[index];
                // The text when it is not the template's (texts are compared, not written, when the reason was made from the template).
                var ownText = !r.HasTextOf(rule.Text, []);
                // A text that lists topics keeps the topics, which the template renders again (a weight-only change moves its points).
                var topics = ownText && r.Times?.Topics is { } listed && r.HasTextOf(rule.Text, listed)
                    ? listed
                    : null;
                var text = ownText && topics is null ? r.Text : null;
                var times = KeptTimes(r);
                var last = ownText ? 5 : times is not null ? 4 : r.EvidenceAgeDays is not null ? 3 : r.EvidenceCount != 0 ? 2 : 1;
                w.WriteStartArray();
                w.WriteNumberValue(index);
                w.WriteNumberValue(PlainDecimal.Of(r.Points));
                if (last >= 2)
                {
                    w.WriteNumberValue(r.EvidenceCount);
                }

                if (last >= 3)
                {
                    WriteNumberOrNull(w, r.EvidenceAgeDays);
                }

                if (last >= 4)
                {
                    WriteTimes(w, times, r.EvidenceAgeDays, asOf);
                }

                if (topics is not null)
                {
                    w.WriteStartArray();
                    foreach (var topic in topics)
                    {
                        w.WriteStringValue(topic);
                    }

                    w.WriteEndArray();
                }
                else if (text is not null)
                {
                    w.WriteStringValue(text);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            if (card.Errors.Count > 0)
            {
                w.WriteStartArray();
                foreach (var e in card.Errors)
                {
                    w.WriteStringValue(e);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        var compact = Encoding.UTF8.GetString(buffer.WrittenSpan);
        // Whatever the shape, the stored card must read back as the card scored: checked, not assumed.
        var decoded = Decode(compact);
        return ScoreCardJson.WritesAlike(decoded, card) && SameTimes(decoded, card) ? compact : null;
    }

    /// <summary>The reason's evidence times a compact card keeps: none when neither the time nor a multiplier is known.</summary>
    private static EvidenceTimes? KeptTimes(Reason reason) =>
        reason.Times is { LatestAt: not null } or { CountedMultipliers: not null } ? reason.Times : null;

    private static void WriteNumberOrNull(Utf8JsonWriter w, long? value)
    {
        if (value is { } number)
        {
            w.WriteNumberValue(number);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static void WriteTimes(Utf8JsonWriter w, EvidenceTimes? times, int? ageDays, long asOf)
    {
        // The age holds the whole days: what is left is 0..86399 (the as-of is kept to the second, the time is to the second).
        var latest = times?.LatestAt is { } at && ageDays is { } age ? asOf - at.ToUnixTimeSeconds() - age * SecondsPerDay : (long?)null;
        if (times?.CountedMultipliers is not { } multipliers)
        {
            WriteNumberOrNull(w, latest);
            return;
        }

        w.WriteStartArray();
        WriteNumberOrNull(w, latest);
        foreach (var m in multipliers)
        {
            w.WriteNumberValue(PlainDecimal.Of(m));
        }

        w.WriteEndArray();
    }

    /// <summary>The evidence times read back as kept (the card's JSON does not show them, so <see cref="ScoreCardJson.WritesAlike"/> does not see them).</summary>
    private static bool SameTimes(ScoreCard decoded, ScoreCard card)
    {
        for (var i = 0; i < card.Reasons.Count; i++)
        {
            var kept = KeptTimes(card.Reasons[i]);
            var read = decoded.Reasons[i].Times;
            if (kept?.LatestAt != read?.LatestAt
                || !(kept?.CountedMultipliers ?? []).SequenceEqual(read?.CountedMultipliers ?? [])
                || (kept?.CountedMultipliers is null) != (read?.CountedMultipliers is null))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Rebuilds a card written by <see cref="Encode"/> with this template.</summary>
    /// <exception cref="FormatException">The text is not a compact card of this template.</exception>
    /// <remarks>
    /// Read in one pass with a <see cref="Utf8JsonReader"/>, not through a <see cref="JsonDocument"/>:
    /// every card stored is decoded once to check it (see <see cref="Encode"/>), and the document's
    /// parse was 40 % of that (5.8 CPU s of a 1M-lead rescore went to decoding).
    /// </remarks>
    public ScoreCard Decode(string compact)
    {
        ArgumentNullException.ThrowIfNull(compact);
        byte[]? rented = null;
        var length = Encoding.UTF8.GetMaxByteCount(compact.Length);
        Span<byte> utf8 = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var reader = new Utf8JsonReader(utf8[..Encoding.UTF8.GetBytes(compact, utf8)]);
            return Decode(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or ArgumentException or DivideByZeroException or OverflowException)
        {
            throw new FormatException($"not a compact card of {Rules}: {ex.Message}", ex);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // [format, template id, lead, as-of seconds, motion, tier, next change (seconds after the as-of) or null, [reasons...], [errors...]?]
    private ScoreCard Decode(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var format = NextInt32(ref reader);
        if (format is not (1 or CardFormat))
        {
            throw new FormatException("not a compact card of this format");
        }

        Next(ref reader);
        reader.Skip();
        var leadId = NextString(ref reader);
        var asOfSeconds = NextInt64(ref reader);
        var asOf = DateTimeOffset.FromUnixTimeSeconds(asOfSeconds);
        var motion = _motions[NextInt32(ref reader)];
        var tierIndex = NextInt32(ref reader);
        Next(ref reader);
        DateTimeOffset? next = reader.TokenType == JsonTokenType.Null ? null : asOf.AddSeconds(reader.GetInt64());

        var raws = new decimal[_dimensions.Length];
        var reasons = new List<Reason>();
        var disqualified = false;
        Expect(ref reader, JsonTokenType.StartArray);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            var (reason, dimension) = ReadReason(ref reader, format, asOfSeconds);
            reasons.Add(reason);
            raws[dimension] += reason.Points;
            disqualified |= reason.Disqualifier;
        }

        string[] errors = [];
        if (Next(ref reader) == JsonTokenType.StartArray)
        {
            var read = new List<string>();
            while (Next(ref reader) != JsonTokenType.EndArray)
            {
                read.Add(reader.GetString()!);
            }

            errors = [.. read];
            Next(ref reader);
        }

        // Eight or nine elements, and nothing after the card.
        if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
        {
            throw new FormatException("not a compact card of this format");
        }

        var dimensions = new DimensionScore[_dimensions.Length];
        var weighted = 0m;
        for (var d = 0; d < dimensions.Length; d++)
        {
            var score = LeadScorer.DimensionScoreOf(raws[d], _dimensions[d].Cap);
            dimensions[d] = new DimensionScore(_dimensions[d].Name, PlainDecimal.Of(raws[d]), PlainDecimal.Of(score), PlainDecimal.Of(_dimensions[d].Cap), PlainDecimal.Of(motion.Weights[d]));
            weighted += score * motion.Weights[d];
        }

        TierAssignment? tier = null;
        if (tierIndex >= 0)
        {
            var t = _tiers[tierIndex];
            tier = new TierAssignment(t.Tier, t.Rule, t.SlaText, t.Sla is { } sla ? asOf + sla : null, t.SalesAction, t.MarketingAction, t.Kpi, t.Mql, t.Sql);
        }

        return new ScoreCard(leadId, asOf, Rules, motion.Name, dimensions, PlainDecimal.Of(LeadScorer.CompositeOf(weighted)), tier, disqualified,
            [.. reasons], next, errors);
    }

    /// <summary>
    /// One reason, the reader on its opening bracket: [rule, points, count?, age?, times?, text or
    /// topics?] (format 1: [rule, points, count?, age?, text?]); anything after that is passed over.
    /// </summary>
    private (Reason Reason, int Dimension) ReadReason(ref Utf8JsonReader reader, int format, long asOfSeconds)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("a reason is not an array");
        }

        var rule = _reasons[NextInt32(ref reader)];
        Next(ref reader);
        var points = reader.GetDecimal();
        var count = 0;
        int? age = null;
        EvidenceTimes? times = null;
        string? text = null;
        string[] topics = [];
        var textAt = format == 1 ? 4 : 5;
        var position = 2;
        for (; Next(ref reader) != JsonTokenType.EndArray; position++)
        {
            if (position == 2)
            {
                count = reader.GetInt32();
            }
            else if (position == 3)
            {
                // A number, else no age (whatever is there).
                age = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
                reader.Skip();
            }
            else if (position == 4 && format != 1)
            {
                times = ReadTimes(ref reader, age, asOfSeconds);
            }
            else if (position == textAt && reader.TokenType == JsonTokenType.StartArray)
            {
                var listed = new List<string>();
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    listed.Add(reader.GetString()!);
                }

                topics = [.. listed];
                times = (times ?? new EvidenceTimes(null, null, null)) with { Topics = topics };
            }
            else if (position == textAt)
            {
                text = reader.GetString()!;
            }
            else
            {
                reader.Skip();
            }
        }

        if (position <= textAt && format != 1 && rule.Text.UsesTopics)
        {
            // The template's text with no topics listed.
            times = (times ?? new EvidenceTimes(null, null, null)) with { Topics = [] };
        }

        var full = rule.Once ? rule.Points : rule.Points * count;
        var reason = text is not null
            ? new Reason(rule.Code, rule.Dimension, PlainDecimal.Of(points), PlainDecimal.Of(full), PlainDecimal.Of(LeadScorer.ShareOf(points, full)), count, age, text, rule.Disqualifier)
            {
                Times = times,
            }
            : new Reason(rule.Code, rule.Dimension, PlainDecimal.Of(points), PlainDecimal.Of(full), PlainDecimal.Of(LeadScorer.ShareOf(points, full)), count, age, rule.Text, topics, rule.Disqualifier)
            {
                Times = times,
            };
        return (reason, DimensionOf(rule));
    }

    private int DimensionOf(TemplateReason rule)
    {
        for (var d = 0; d < _dimensions.Length; d++)
        {
            if (_dimensions[d].Name == rule.Dimension)
            {
                return d;
            }
        }

        throw new FormatException($"reason {rule.Code} is of no dimension of this template");
    }

    /// <summary>A reason's times, the reader on them: null, the seconds beyond its age, or [those seconds or null, multipliers...].</summary>
    private static EvidenceTimes? ReadTimes(ref Utf8JsonReader reader, int? ageDays, long asOf)
    {
        DateTimeOffset? At(ref Utf8JsonReader seconds) => seconds.TokenType == JsonTokenType.Number && ageDays is { } age
            ? DateTimeOffset.FromUnixTimeSeconds(asOf - age * SecondsPerDay - seconds.GetInt64())
            : null;

        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartArray:
                if (Next(ref reader) == JsonTokenType.EndArray)
                {
                    throw new FormatException("times without their seconds");
                }

                var latest = At(ref reader);
                reader.Skip();
                var multipliers = new List<decimal>();
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    multipliers.Add(reader.GetDecimal());
                }

                return new EvidenceTimes(latest, [.. multipliers], null);
            default:
                var at = At(ref reader);
                reader.Skip();
                return new EvidenceTimes(at, null, null);
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new FormatException("the compact card ends early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (Next(ref reader) != token)
        {
            throw new FormatException($"expected {token}, found {reader.TokenType}");
        }
    }

    private static int NextInt32(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.GetInt32();
    }

    private static long NextInt64(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.GetInt64();
    }

    private static string NextString(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.GetString()!;
    }

    private static Dictionary<string, int> Index(IEnumerable<string> names)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var position = 0;
        foreach (var name in names)
        {
            index.TryAdd(name, position++);
        }

        return index;
    }

    private sealed record TemplateDimension(string Name, decimal Cap);

    private sealed record TemplateMotion(string Name, decimal[] Weights);

    private sealed record TemplateReason(string Code, string Dimension, decimal Points, bool Once, bool Disqualifier, ReasonTemplate Text);

    private sealed record TierAssignmentTemplate(string Tier, string Rule, string SlaText, TimeSpan? Sla, string SalesAction, string MarketingAction,
        string? Kpi, bool Mql, bool Sql);
}
