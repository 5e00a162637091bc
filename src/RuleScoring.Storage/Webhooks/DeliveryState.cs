namespace RuleScoring.Storage.Webhooks;

/// <summary>Where a webhook delivery stands (webhook_deliveries.state, lower case).</summary>
public enum DeliveryState
{
    /// <summary>To send at its next attempt time, once the lead's earlier deliveries to the same subscription are settled.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed; kept, with its attempts, until re-sent.</summary>
    Dead,
}
