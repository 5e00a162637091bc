namespace RuleScoring.Worker.Hosting;

/// <summary>Wakes the worker before its interval is up: a signal arrived over the API, or a rules file changed.</summary>
public sealed class TickTrigger : IDisposable
{
    private readonly SemaphoreSlim _pulse = new(0, 1);

    public void Pulse()
    {
        // One pending wake is enough: a tick reads everything new.
        try
        {
            _pulse.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>Waits for a pulse or the interval (measured on <paramref name="time"/>), whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var delay = new CancellationTokenSource(interval, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, delay.Token);
        try
        {
            await _pulse.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The interval passed.
        }
    }

    public void Dispose() => _pulse.Dispose();
}
