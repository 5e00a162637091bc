using System.Text.Json;

namespace RuleScoring.Core.Rules;

public static partial class RuleSetLoader
{
    private sealed partial class LoadContext
    {
        /// <summary>model.json's optional <c>bands</c>: ascending composite edges, or "quantile".</summary>
        public CompositeBandSetting ReadBands(JsonElement? bands)
        {
            if (bands is not { } element || element.ValueKind == JsonValueKind.Null)
            {
                return CompositeBandSetting.Default;
            }

            var line = LineOf(ModelFile, "\"bands\"");
            if (element.ValueKind == JsonValueKind.String && element.GetString() == "quantile")
            {
                return new CompositeBandSetting([], Quantile: true);
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                Error(ModelFile, line, null, "bands must be \"quantile\" or an array of ascending composite scores, e.g. [20, 30, 40]");
                return CompositeBandSetting.Default;
            }

            var edges = new List<decimal>();
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetDecimal(out var edge) || edge is < 0 or > 100)
                {
                    Error(ModelFile, line, null, $"bands: {item.GetRawText()} is not a composite score from 0 to 100");
                    return CompositeBandSetting.Default;
                }

                edges.Add(edge);
            }

            if (edges.Count == 0 || edges.Zip(edges.Skip(1)).Any(p => p.Second <= p.First))
            {
                Error(ModelFile, line, null, "bands: give at least one edge, in ascending order without repeats (e.g. [20, 30, 40]), or \"quantile\"");
                return CompositeBandSetting.Default;
            }

            return new CompositeBandSetting(edges, Quantile: false);
        }
    }
}
