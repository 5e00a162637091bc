using Microsoft.ML;
using Microsoft.ML.Data;
using RuleScoring.Core.Statistics;

namespace RuleScoring.Replay.Calibration;

/// <summary>
/// L2-regularised logistic regression (ML.NET's L-BFGS trainer) on a table of float features
/// with a won/lost label: cross-validated AUC, and the weights of a fit on all rows.
/// The cross-validation is forward-chaining by time, not random k-fold: the rows, ordered by
/// their point in time, are cut into <see cref="Folds"/> + 1 consecutive blocks, and fold k fits
/// on blocks 1..k and is scored on block k + 1, so no fold learns from deals after those it is
/// scored on (random folds do, and overstate what a change will do next quarter).
/// </summary>
internal static class LogisticFit
{
    public const int Folds = 5;
    private const int Seed = 20261123;

    /// <returns>The mean AUC over the forward-chaining folds, the standard error of that mean (from the folds' spread), and the weights of a fit on all rows.</returns>
    public static (double? CvAuc, double CvAucError, IReadOnlyList<float> Weights) Fit(IReadOnlyList<float[]> features, IReadOnlyList<bool> won, IReadOnlyList<DateTimeOffset> times, bool normalise)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(won);
        ArgumentNullException.ThrowIfNull(times);
        if (features.Count < (Folds + 1) * 4 || won.All(w => w) || won.All(w => !w) || features[0].Length == 0)
        {
            return (null, double.PositiveInfinity, []);
        }

        var ml = new MLContext(seed: Seed);
        var schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
        IDataView Load(IEnumerable<int> rows) => ml.Data.LoadFromEnumerable(rows.Select(i => new Example { Label = won[i], Features = features[i] }).ToList(), schema);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(nameof(Example.Label), nameof(Example.Features), l2Regularization: 1f);
        IEstimator<ITransformer> pipeline = normalise ? ml.Transforms.NormalizeMinMax(nameof(Example.Features)).Append(trainer) : trainer;

        // Stable: rows with the same point in time keep their order in the data.
        var order = Enumerable.Range(0, features.Count).OrderBy(i => times[i]).ToArray();
        var aucs = new List<double>();
        for (var fold = 1; fold <= Folds; fold++)
        {
            var train = order[..Block(fold, order.Length)];
            var test = order[Block(fold, order.Length)..Block(fold + 1, order.Length)];
            if (!BothOutcomes(train, won) || !BothOutcomes(test, won))
            {
                continue;
            }

            var scored = pipeline.Fit(Load(train)).Transform(Load(test));
            var scores = scored.GetColumn<float>("Score").ToArray();
            aucs.Add(Roc.Auc(scores.Zip(test, (score, i) => (score, won[i])))!.Value);
        }

        var (cvAuc, cvError) = aucs.Count < 2 ? ((double?)null, double.PositiveInfinity) : StandardErrors.OfMean(aucs);
        if (normalise)
        {
            return (cvAuc, cvError, []);
        }

        var model = trainer.Fit(Load(Enumerable.Range(0, features.Count)));
        return (cvAuc, cvError, model.Model.SubModel.Weights.ToArray());
    }

    private static int Block(int index, int rows) => (int)((long)rows * index / (Folds + 1));

    private static bool BothOutcomes(int[] rows, IReadOnlyList<bool> won) => rows.Any(i => won[i]) && rows.Any(i => !won[i]);

    private sealed class Example
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
