namespace RuleScoring.Storage.Import;

/// <summary>
/// Why a row was rejected, as a code to act on; <see cref="RejectedRow.Reason"/> says it in words
/// for the row at hand.
/// </summary>
public enum RejectReason
{
    /// <summary>The record cannot be read at all: an unclosed quote, invalid JSON, a line too long.</summary>
    Unreadable,

    /// <summary>Bytes that are not UTF-8 (a Latin-1 file, a cut multi-byte character).</summary>
    NotUtf8,

    /// <summary>A NUL byte in the record: not text.</summary>
    NulByte,

    /// <summary>A CSV record with more or fewer fields than the header.</summary>
    FieldCount,

    /// <summary>Two fields of a JSON line become one contract column.</summary>
    DuplicateField,

    /// <summary>A required value (lead_id, domain, type, a time, a status) is missing or empty.</summary>
    MissingValue,

    /// <summary>A value that is not what its column holds: a timestamp, a number, one of a list, a company domain.</summary>
    InvalidValue,

    /// <summary>A count (employees) below zero.</summary>
    NegativeCount,

    /// <summary>A signal type that is not in the model's catalogue.</summary>
    UnknownSignalType,

    /// <summary>A lead id that is not in the database (the leads come first).</summary>
    UnknownLead,

    /// <summary>An account-level signal whose domain has no leads to attach it to.</summary>
    DomainWithoutLeads,

    /// <summary>A deal id stored for another lead: a deal is never moved between leads.</summary>
    DealOfAnotherLead,

    /// <summary>A deal closed before it was created (with stored dates where the row leaves them blank).</summary>
    ClosedBeforeCreated,
}
