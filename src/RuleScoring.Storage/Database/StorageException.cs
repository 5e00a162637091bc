namespace RuleScoring.Storage.Database;

/// <summary>A database that cannot be used as it is: missing, newer than this build, or tampered with.</summary>
public sealed class StorageException : Exception
{
    public StorageException(string message)
        : base(message)
    {
    }

    public StorageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StorageException()
    {
    }
}
