namespace RuleScoring.Storage.Import;

/// <summary>
/// The summary of one import, as data (<see cref="ImportNotes"/> puts its findings into words):
/// the file and kind, the counts, the source columns dropped, the oddities with their lines, the
/// rejected rows per reason, and for account-level signals what the domains fanned out to.
/// </summary>
/// <param name="IgnoredColumns">Source columns dropped, in ordinal order: ignored by the mapping, or outside a contract without custom columns.</param>
/// <param name="FanOut">Null unless the mapping fans rows out by domain.</param>
public sealed record ImportResult(
    string Source,
    ImportKind Kind,
    ImportCounts Counts,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<ImportOddity> Oddities,
    IReadOnlyDictionary<RejectReason, long> Rejections,
    DomainFanOutCounts? FanOut = null);
