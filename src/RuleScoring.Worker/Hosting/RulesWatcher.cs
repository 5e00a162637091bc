using Microsoft.Extensions.Hosting;

namespace RuleScoring.Worker.Hosting;

/// <summary>
/// Wakes the worker when a file in the rules folder changes. The tick re-reads the folder anyway
/// (a watcher can miss events on network shares and in containers): this only makes it prompt.
/// </summary>
public sealed class RulesWatcher(Rules.ActiveRules rules, TickTrigger trigger) : IHostedService, IDisposable
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(300);

    private FileSystemWatcher? _watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _watcher = new FileSystemWatcher(rules.Directory, "*.json")
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        _watcher.Changed += (_, _) => PulseSoon();
        _watcher.Created += (_, _) => PulseSoon();
        _watcher.Deleted += (_, _) => PulseSoon();
        _watcher.Renamed += (_, _) => PulseSoon();
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    // Editors save in several writes (truncate, write, rename): let them finish before the tick reads.
    private void PulseSoon() => _ = Task.Delay(SettleTime).ContinueWith(_ => trigger.Pulse(), TaskScheduler.Default);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.EnableRaisingEvents = false;
        return Task.CompletedTask;
    }

    public void Dispose() => _watcher?.Dispose();
}
