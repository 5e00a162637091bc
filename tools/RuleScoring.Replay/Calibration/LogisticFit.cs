using Microsoft.ML;
using Microsoft.ML.Data;

namespace RuleScoring.Replay.Calibration;

/// <summary>
/// L2-regularised logistic regression (ML.NET's L-BFGS trainer) on a table of float features
/// with a won/lost label: cross-validated AUC, and the weights of a fit on all rows.
/// </summary>
internal static class LogisticFit
{
    private const int Folds = 5;
    private const int Seed = 20261123;

    /// <returns>The mean AUC over the folds, the standard error of that mean (from the folds' spread), and the weights.</returns>
    public static (double? CvAuc, double CvAucError, IReadOnlyList<float> Weights) Fit(IReadOnlyList<float[]> features, IReadOnlyList<bool> won, bool normalise)
    {
        if (features.Count < Folds * 4 || won.All(w => w) || won.All(w => !w) || features[0].Length == 0)
        {
            return (null, double.PositiveInfinity, []);
        }

        var ml = new MLContext(seed: Seed);
        var schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
        var data = ml.Data.LoadFromEnumerable(features.Select((f, i) => new Example { Label = won[i], Features = f }), schema);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(nameof(Example.Label), nameof(Example.Features), l2Regularization: 1f);
        if (normalise)
        {
            var pipeline = ml.Transforms.NormalizeMinMax(nameof(Example.Features)).Append(trainer);
            var (mean, error) = Summary(ml.BinaryClassification.CrossValidate(data, pipeline, Folds, nameof(Example.Label), seed: Seed).Select(r => r.Metrics.AreaUnderRocCurve));
            return (mean, error, []);
        }

        var (cvAuc, cvError) = Summary(ml.BinaryClassification.CrossValidate(data, trainer, Folds, nameof(Example.Label), seed: Seed).Select(r => r.Metrics.AreaUnderRocCurve));
        var model = trainer.Fit(data);
        return (cvAuc, cvError, model.Model.SubModel.Weights.ToArray());
    }

    private static (double Mean, double StandardError) Summary(IEnumerable<double> folds)
    {
        var values = folds.ToList();
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1);
        return (mean, Math.Sqrt(variance / values.Count));
    }

    private sealed class Example
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
