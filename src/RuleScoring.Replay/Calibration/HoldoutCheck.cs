namespace RuleScoring.Replay.Calibration;

/// <summary>
/// calibrate --train-until: the periods and counts of the deals fitted on and held out, and how
/// well the current and the suggested points tell won from lost on the held-out (later) deals.
/// </summary>
internal sealed record HoldoutCheck(
    DateTimeOffset TrainUntil,
    DateTimeOffset? TrainFrom,
    DateTimeOffset? TrainTo,
    int TrainDeals,
    DateTimeOffset? HeldFrom,
    DateTimeOffset? HeldTo,
    int HeldDeals,
    int HeldWon,
    double? CurrentAuc,
    double? SuggestedAuc);
