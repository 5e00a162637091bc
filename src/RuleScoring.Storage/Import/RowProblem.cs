namespace RuleScoring.Storage.Import;

/// <summary>Why one row cannot be imported: the code and the sentence for the rejects file.</summary>
internal readonly record struct RowProblem(RejectReason Code, string Message);
