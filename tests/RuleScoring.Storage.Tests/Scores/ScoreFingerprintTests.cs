using System.Globalization;
using System.Text;
using System.Security.Cryptography;
using RuleScoring.Core.Scoring;
using RuleScoring.SampleData;
using RuleScoring.Storage.Scores;
using RuleScoring.Storage.Tests.Support;

namespace RuleScoring.Storage.Tests.Scores;

/// <summary>
/// A card's fingerprint decides whether a rescore stores a history row: its numbers must print
/// exactly as before the general-format shortcut, or every lead would look changed once.
/// </summary>
public sealed class ScoreFingerprintTests
{
    private const string Exact = "0.############";

    [Fact]
    public void AppendExact_RandomAndEdgeValues_PrintAsTheCustomFormat()
    {
        var random = new Random(20261206);
        var values = new List<decimal>
        {
            0m, -0m, 0.0m, -0.000m, 1m, -1m, 10m, 10.0m, 100.00m, 0.5m, -0.5m, 2.50m, 0.000000000001m, 0.0000000000001m, -0.0000000000001m,
            0.0000000000005m, 0.1234567890125m, 0.9999999999999m, -0.9999999999995m, 123456789012.123456789012m, decimal.MaxValue, decimal.MinValue,
            new(1, 0, 0, false, 28), new(1, 0, 0, true, 28), new(-1, -1, -1, false, 0), new(-1, -1, -1, false, 28), new(-1, -1, -1, true, 13),
        };
        for (var i = 0; i < 200_000; i++)
        {
            var scale = (byte)random.Next(0, 29);
            var high = random.Next(0, 4) == 0 ? random.Next() : 0;
            var mid = random.Next(0, 2) == 0 ? random.Next() : 0;
            values.Add(new decimal(random.Next(), mid, high, random.Next(0, 2) == 0, scale));
            // Points and scores as rules give them: a few decimals, trailing zeros from arithmetic.
            values.Add(Math.Round((decimal)(random.NextDouble() * 200 - 100), random.Next(0, 5)) * 1.000m);
        }

        foreach (var value in values)
        {
            ScoreStore.AppendExact(new StringBuilder(), value).ToString().ShouldBe(value.ToString(Exact, CultureInfo.InvariantCulture), $"for {value} (scale {value.Scale})");
        }
    }

    /// <summary>The fingerprint as it was first written: the text through LINQ and a new string, hashed from a new array.</summary>
    private static string AsFirstWritten(ScoreCard card)
    {
        var text = new StringBuilder();
        text.Append(card.Rules.Hash).Append('|').Append(card.Motion).Append('|');
        ScoreStore.AppendExact(text, card.Composite).Append('|').Append(card.Tier?.Rule).Append('|').Append(card.Disqualified);
        foreach (var d in card.Dimensions)
        {
            ScoreStore.AppendExact(text.Append('|').Append(d.Name).Append('='), d.Raw);
        }

        foreach (var r in card.Reasons.OrderBy(r => r.Code, StringComparer.Ordinal))
        {
            ScoreStore.AppendExact(text.Append('|').Append(r.Code).Append('='), r.Points).Append('x').Append(r.EvidenceCount);
        }

        foreach (var e in card.Errors)
        {
            text.Append("|!").Append(e);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [Fact]
    public void ScoreFingerprint_GeneratedAndEditedCards_AreTheFingerprintsAsFirstWritten()
    {
        var cards = SampleGenerator.Generate(new SampleOptions(500, 29, TempDb.Now)).Select(s => Scoring.Scorer.Score(s.Lead, TempDb.Now)).ToList();
        // A card with errors in other scripts and a long one: the builder is reused from card to card.
        cards.Add(cards[0] with { Errors = ["fit.title: caf\u00e9 \u2013 \ud83d\ude80", new string('x', 5_000)] });
        cards.Add(cards[1] with { Reasons = [.. cards[1].Reasons.Reverse()] });
        cards.Add(cards[2]);

        cards.ShouldContain(c => c.Reasons.Count > 3);
        foreach (var card in cards)
        {
            ScoreStore.ScoreFingerprint(card).ShouldBe(AsFirstWritten(card), card.LeadId);
        }
    }
}
