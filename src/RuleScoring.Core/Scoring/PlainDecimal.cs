namespace RuleScoring.Core.Scoring;

/// <summary>
/// A decimal at the smallest scale that holds its value (25.0 is 25, 2.50 is 2.5), as a card's
/// JSON writes it: equal values then print alike, and a card read back equals the card written.
/// </summary>
public static class PlainDecimal
{
    /// <summary>
    /// The value without trailing zeros. The same result as dividing by 1 at scale 28 (the usual
    /// way), which was a long division per number: 35 of them per stored card, 2 % of a 1M-lead
    /// rescore's CPU. A whole number is returned as it is; otherwise the zeros are divided off the
    /// 96-bit mantissa.
    /// </summary>
    public static decimal Of(decimal value)
    {
        var scale = value.Scale;
        if (scale == 0)
        {
            return value;
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var negative = decimal.IsNegative(value);
        if (bits[2] == 0)
        {
            // Points, scores and multipliers: a mantissa of 64 bits, divided as one.
            var small = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            while (scale > 0 && small % 10 == 0)
            {
                small /= 10;
                scale--;
            }

            return new decimal((int)(uint)small, (int)(uint)(small >> 32), 0, negative, (byte)scale);
        }

        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        while (scale > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }

        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), negative, (byte)scale);
    }
}
