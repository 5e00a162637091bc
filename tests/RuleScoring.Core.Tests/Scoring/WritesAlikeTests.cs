using System.Collections;
using RuleScoring.Core.Reasons;
using RuleScoring.Core.Rules;
using RuleScoring.Core.Scoring;
using RuleScoring.Core.Tests.Support;
using RuleScoring.Core.Tiers;

namespace RuleScoring.Core.Tests.Scoring;

/// <summary>
/// <see cref="ScoreCardJson.WritesAlike"/> is how a compact card is checked before it is stored,
/// in place of writing the card twice: it must say "alike" exactly when the written texts are
/// equal. Held to that on a change of every constructor field of the card and of each record
/// inside it (found by reflection, so a field added later is covered or fails here).
/// </summary>
public sealed class WritesAlikeTests
{
    private static readonly Type[] Records = [typeof(ScoreCard), typeof(DimensionScore), typeof(Reason), typeof(TierAssignment), typeof(RuleSetIdentity)];

    [Fact]
    public void EveryFieldChanged_WritesAlikeAgreesWithTheWrittenText()
    {
        var card = DefaultModel.Score(Some.IdealCustomer());
        card.Tier.ShouldNotBeNull();
        card = card with { NextChangeAt = card.AsOf.AddDays(3), Errors = ["fit.x: boom"], Reasons = [.. card.Reasons, card.Reasons[0] with { EvidenceAgeDays = 5 }] };
        var checkedFields = 0;

        foreach (var variant in Variants(card))
        {
            checkedFields++;
            var sameText = ScoreCardJson.Serialize(variant.Card) == ScoreCardJson.Serialize(card);
            ScoreCardJson.WritesAlike(variant.Card, card).ShouldBe(sameText, variant.Path);
            ScoreCardJson.WritesAlike(card, variant.Card).ShouldBe(sameText, variant.Path);
        }

        checkedFields.ShouldBeGreaterThan(30);
        ScoreCardJson.WritesAlike(card, card with { }).ShouldBeTrue();
    }

    [Fact]
    public void EqualNumbersOfAnotherScale_AndTimesWithinTheSameSecond_WriteAlike()
    {
        var card = DefaultModel.Score(Some.IdealCustomer());
        var other = card with
        {
            Composite = card.Composite * 1.000m,
            AsOf = card.AsOf.AddMilliseconds(999),
            Dimensions = card.Dimensions.Select(d => d with { Cap = d.Cap * 1.0m }).ToArray(),
        };

        ScoreCardJson.Serialize(other).ShouldBe(ScoreCardJson.Serialize(card));
        ScoreCardJson.WritesAlike(other, card).ShouldBeTrue();
        ScoreCardJson.WritesAlike(card with { AsOf = card.AsOf.AddSeconds(1) }, card).ShouldBeFalse();
    }

    /// <summary>The card with one field changed, for each field of the card and of the records inside it.</summary>
    private static IEnumerable<(ScoreCard Card, string Path)> Variants(ScoreCard card) =>
        Changed(card, typeof(ScoreCard), "card").Select(v => ((ScoreCard)v.Value!, v.Path));

    private static IEnumerable<(object? Value, string Path)> Changed(object? value, Type type, string path)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        switch (value)
        {
            case string s:
                yield return (s + "x", path);
                break;
            case decimal d:
                yield return (d + 0.01m, path);
                break;
            case int n:
                yield return (n + 1, path);
                break;
            case bool b:
                yield return (!b, path);
                break;
            case DateTimeOffset t:
                yield return (t.AddSeconds(1), path);
                if (type != underlying)
                {
                    yield return (null, path + " (null)");
                }

                break;
            case null when underlying == typeof(int):
                yield return (4, path);
                break;
            case null when underlying == typeof(string):
                yield return ("x", path);
                break;
            case null when underlying == typeof(DateTimeOffset):
                yield return (Some.AsOf, path);
                break;
            case null:
                yield return (null, path + " (stays null)");
                break;
            case IList list when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>):
                var element = type.GetGenericArguments()[0];
                for (var i = 0; i < list.Count; i++)
                {
                    foreach (var changed in Changed(list[i], element, $"{path}[{i}]"))
                    {
                        var copy = Array.CreateInstance(element, list.Count);
                        list.CopyTo(copy, 0);
                        copy.SetValue(changed.Value, i);
                        yield return (copy, changed.Path);
                    }
                }

                yield return (Array.CreateInstance(element, 0), path + " (empty)");
                break;
            default:
                if (Array.IndexOf(Records, underlying) < 0)
                {
                    throw new InvalidOperationException($"{path}: no change defined for {underlying.Name}; teach this test and ScoreCardJson.WritesAlike the new field");
                }

                if (underlying == typeof(TierAssignment))
                {
                    yield return (null, path + " (null)");
                }

                var ctor = underlying.GetConstructors().Single(c => c.GetParameters().Length > 1);
                var parameters = ctor.GetParameters();
                var args = parameters.Select(p => underlying.GetProperty(p.Name!)!.GetValue(value)).ToArray();
                for (var i = 0; i < parameters.Length; i++)
                {
                    foreach (var changed in Changed(args[i], parameters[i].ParameterType, $"{path}.{parameters[i].Name}"))
                    {
                        var copy = (object?[])args.Clone();
                        copy[i] = changed.Value;
                        yield return (ctor.Invoke(copy), changed.Path);
                    }
                }

                break;
        }
    }
}
