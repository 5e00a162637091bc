namespace RuleScoring.Replay.Calibration;

/// <summary>calibrate's options, as parsed from the command line.</summary>
/// <param name="MinShare">A rule must fire on at least this share of deals and miss at least this share for its points to be suggested.</param>
/// <param name="Capacity">The largest share of deals the top tier may take: cut-off options stop there, and a suggestion that pushes the top tier past it is a warning.</param>
/// <param name="TrainUntil">Fit only on deals whose point in time is at or before this; the later deals are the held-out check.</param>
internal sealed record CalibrateSettings(
    string Rules,
    string? Db,
    string? Data,
    string AsOf = "created",
    int MinFired = 30,
    double MinShare = 0.02,
    IReadOnlySet<string>? Excluded = null,
    bool IncludeLeaky = false,
    string OutDir = "calibration-out",
    bool Write = false,
    bool AllowSignFlips = false,
    double Capacity = 0.25,
    DateTimeOffset? TrainUntil = null);
