namespace RuleScoring.Core.Outcomes;

/// <summary>
/// Ranked figures that treat equal scores as equal: a cut through a group of tied scores takes
/// that group proportionally (fractional share), never in lead-id order. With every score the
/// same, the top 15 % hold 15 % of the wins: no model, and the figure says so.
/// </summary>
public static class TiedRanking
{
    /// <summary>
    /// The share of all positives held by the top <paramref name="fraction"/> of items by score
    /// (count x fraction items, a part of one where it falls between two); the group of equal
    /// scores the cut falls in counts proportionally. Null when there is no positive.
    /// </summary>
    public static double? ShareInTop<T>(IReadOnlyCollection<T> items, Func<T, decimal> score, Func<T, bool> positive, double fraction)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        var positives = items.Count(positive);
        if (positives == 0)
        {
            return null;
        }

        var remaining = items.Count * fraction;
        double inTop = 0;
        foreach (var group in items.GroupBy(score).OrderByDescending(g => g.Key))
        {
            var size = group.Count();
            var groupPositives = group.Count(positive);
            if (size <= remaining)
            {
                inTop += groupPositives;
                remaining -= size;
                continue;
            }

            inTop += groupPositives * remaining / size;
            break;
        }

        return inTop / positives;
    }

    /// <summary>The score most items share and how many share it; null when there are no items.</summary>
    public static (decimal Score, int Count)? LargestTie<T>(IEnumerable<T> items, Func<T, decimal> score)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(score);
        var largest = items.GroupBy(score).Select(g => (Score: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.Score).ToList();
        return largest.Count == 0 ? null : largest[0];
    }
}
