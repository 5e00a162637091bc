namespace RuleScoring.Storage.Webhooks;

/// <summary>A delivery asked for that does not exist, or cannot be re-sent now: a message for the user.</summary>
public sealed class DeliveryException : Exception
{
    public DeliveryException()
    {
    }

    public DeliveryException(string message)
        : base(message)
    {
    }

    public DeliveryException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
