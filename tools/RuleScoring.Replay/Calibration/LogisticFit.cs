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

    public static (double? CvAuc, IReadOnlyList<float> Weights) Fit(IReadOnlyList<float[]> features, IReadOnlyList<bool> won, bool normalise)
    {
        if (features.Count < Folds * 4 || won.All(w => w) || won.All(w => !w) || features[0].Length == 0)
        {
            return (null, []);
        }

        var ml = new MLContext(seed: Seed);
        var schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
        var data = ml.Data.LoadFromEnumerable(features.Select((f, i) => new Example { Label = won[i], Features = f }), schema);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(nameof(Example.Label), nameof(Example.Features), l2Regularization: 1f);
        double cvAuc;
        if (normalise)
        {
            var pipeline = ml.Transforms.NormalizeMinMax(nameof(Example.Features)).Append(trainer);
            cvAuc = ml.BinaryClassification.CrossValidate(data, pipeline, Folds, nameof(Example.Label), seed: Seed).Average(r => r.Metrics.AreaUnderRocCurve);
            return (cvAuc, []);
        }

        cvAuc = ml.BinaryClassification.CrossValidate(data, trainer, Folds, nameof(Example.Label), seed: Seed).Average(r => r.Metrics.AreaUnderRocCurve);
        var model = trainer.Fit(data);
        return (cvAuc, model.Model.SubModel.Weights.ToArray());
    }

    private sealed class Example
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
