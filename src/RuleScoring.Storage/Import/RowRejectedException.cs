namespace RuleScoring.Storage.Import;

/// <summary>
/// Thrown while a row is parsed, from however deep the bad value sits, and caught per row: the
/// row is rejected with <see cref="Code"/> and the message, and the import goes on.
/// </summary>
internal sealed class RowRejectedException : Exception
{
    public RowRejectedException(RejectReason code, string message)
        : base(message) => Code = code;

    public RowRejectedException()
    {
    }

    public RowRejectedException(string message)
        : base(message)
    {
    }

    public RowRejectedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public RejectReason Code { get; } = RejectReason.InvalidValue;

    public RowProblem Problem => new(Code, Message);
}
