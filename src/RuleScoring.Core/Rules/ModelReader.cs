using System.Text.Json;
using System.Text.RegularExpressions;
using RuleScoring.Core.Decay;
using RuleScoring.Core.Governance;

namespace RuleScoring.Core.Rules;

/// <summary>
/// Checks model.json on its own: version, decay profiles, dimensions, motions, the signal
/// catalogue, reports, governance, leaky fields and bands.
/// </summary>
internal static partial class ModelReader
{
    private const string ModelFile = RuleSetLoader.ModelFile;

    [GeneratedRegex(@"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    public static LoadedModel? Read(RuleFolder folder)
    {
        var doc = folder.Deserialize<ModelDocument>(ModelFile, RuleFolder.CamelCase);
        if (doc is null)
        {
            return null;
        }

        void Error(string path, string message) => folder.Error(ModelFile, folder.LineOf(ModelFile, path), null, message);

        if (!SemVer().IsMatch(doc.Version))
        {
            Error("version", $"version \"{doc.Version}\" is not semantic versioning (e.g. 1.4.0)");
        }

        var profiles = new Dictionary<string, DecayProfile>(StringComparer.Ordinal);
        foreach (var (name, profile) in doc.DecayProfiles)
        {
            var at = $"decayProfiles.{name}";
            var days = profile.Steps.Select(s => s.UpToDays).ToArray();
            if (days.Any(d => d < 0) || days.Zip(days.Skip(1)).Any(p => p.First >= p.Second))
            {
                Error(at, $"decay profile '{name}': step days must be >= 0 and strictly increasing");
            }

            if (profile.Steps.Any(s => s.Multiplier is < 0 or > 1) || profile.Otherwise is < 0 or > 1)
            {
                Error(at, $"decay profile '{name}': multipliers must be between 0 and 1");
            }

            profiles[name] = new DecayProfile(name, profile.Steps.Select(s => new DecayStep(s.UpToDays, s.Multiplier)).ToArray(), profile.Otherwise);
        }

        var expected = RuleSetLoader.DimensionNames.ToHashSet();
        var dimensionNames = string.Join(", ", RuleSetLoader.DimensionNames);
        foreach (var name in doc.Dimensions.Keys.Where(k => !expected.Contains(k)))
        {
            Error($"dimensions.{name}", $"unknown dimension '{name}' (dimensions are {dimensionNames})");
        }

        foreach (var name in RuleSetLoader.DimensionNames)
        {
            if (!doc.Dimensions.TryGetValue(name, out var dimension))
            {
                folder.Error(ModelFile, null, null, $"dimension '{name}' is missing");
                continue;
            }

            if (dimension.Cap <= 0)
            {
                Error($"dimensions.{name}", $"dimension '{name}': cap must be greater than 0");
            }

            if (!profiles.ContainsKey(dimension.Decay))
            {
                Error($"dimensions.{name}", $"dimension '{name}' uses decay profile '{dimension.Decay}', which is not defined in decayProfiles");
            }
        }

        foreach (var (motion, weights) in doc.Motions)
        {
            var at = $"motions.{motion}";
            if (!weights.Keys.ToHashSet().SetEquals(expected))
            {
                Error(at, $"motion '{motion}' must weight exactly {dimensionNames}");
            }
            else if (weights.Values.Any(w => w < 0) || weights.Values.Sum() != 100)
            {
                Error(at, $"motion '{motion}': weights must be >= 0 and add up to 100 (they add up to {weights.Values.Sum()})");
            }
        }

        if (!doc.Motions.ContainsKey(doc.DefaultMotion))
        {
            Error("defaultMotion", $"defaultMotion '{doc.DefaultMotion}' is not one of the motions");
        }

        var groups = doc.Signals
            .SelectMany(s => s.Value.Groups.Select(g => (Group: g, Type: s.Key)))
            .GroupBy(x => x.Group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Type).ToArray(), StringComparer.Ordinal);
        foreach (var clash in groups.Keys.Where(doc.Signals.ContainsKey))
        {
            Error($"signals.{clash}", $"'{clash}' is both a signal type and a signal group");
        }

        foreach (var type in doc.Signals.Keys.Where(t => t.Length == 0 || !string.Equals(t, t.Trim().ToLowerInvariant(), StringComparison.Ordinal)))
        {
            Error($"signals.{type}", $"signal type '{type}' must be lower case, not empty, with no leading or trailing spaces (signals are matched after trimming and lower-casing)");
        }

        if (doc.Reports is { } reportDoc && (reportDoc.HighFit is < 0 or > 100 || reportDoc.HighIntent is < 0 or > 100))
        {
            Error("reports", "reports.highFit and reports.highIntent are scores from 0 to 100");
        }

        var governance = doc.Governance is null
            ? null
            : GovernancePolicyReader.Read(doc.Governance, (key, message) => Error(GovernancePath(doc.Governance, key), message));

        return new LoadedModel(doc.Name, doc.Version, doc.Dimensions, doc.Motions, doc.DefaultMotion, profiles, doc.Signals,
            groups, new ModelLists(doc.Lists), doc.Lists.Keys.ToHashSet(StringComparer.Ordinal), governance, doc.Accounts, doc.Reports, ReadLeakyFields(folder, doc))
        {
            Bands = ReadBands(folder, doc.Bands),
        };
    }

    /// <summary>Where the key a governance problem names is: a class, a role, or the section's own roles or classes.</summary>
    private static string GovernancePath(GovernanceDocument governance, string key) =>
        governance.Classes.ContainsKey(key) ? $"governance.classes.{key}"
        : governance.Roles.ContainsKey(key) ? $"governance.roles.{key}"
        : $"governance.{key}";

    private static HashSet<string> ReadLeakyFields(RuleFolder folder, ModelDocument doc)
    {
        var fields = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in doc.LeakyFields)
        {
            if (string.IsNullOrWhiteSpace(field))
            {
                folder.Error(ModelFile, folder.LineOf(ModelFile, "leakyFields"), null, "leakyFields holds an empty name");
                continue;
            }

            fields.Add(field.Trim());
        }

        return fields;
    }

    /// <summary>model.json's optional <c>bands</c>: ascending composite edges, or "quantile".</summary>
    private static CompositeBandSetting ReadBands(RuleFolder folder, JsonElement? bands)
    {
        if (bands is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return CompositeBandSetting.Default;
        }

        var line = folder.LineOf(ModelFile, "bands");
        if (element.ValueKind == JsonValueKind.String && element.GetString() == "quantile")
        {
            return new CompositeBandSetting([], Quantile: true);
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            folder.Error(ModelFile, line, null, "bands must be \"quantile\" or an array of ascending composite scores, e.g. [20, 30, 40]");
            return CompositeBandSetting.Default;
        }

        var edges = new List<decimal>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDecimal(out var edge) || edge is < 0 or > 100)
            {
                folder.Error(ModelFile, line, null, $"bands: {item.GetRawText()} is not a composite score from 0 to 100");
                return CompositeBandSetting.Default;
            }

            edges.Add(edge);
        }

        if (edges.Count == 0 || edges.Zip(edges.Skip(1)).Any(p => p.Second <= p.First))
        {
            folder.Error(ModelFile, line, null, "bands: give at least one edge, in ascending order without repeats (e.g. [20, 30, 40]), or \"quantile\"");
            return CompositeBandSetting.Default;
        }

        return new CompositeBandSetting(edges, Quantile: false);
    }
}
