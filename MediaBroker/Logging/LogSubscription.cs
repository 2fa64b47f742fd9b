using System.Threading.Channels;

namespace MediaBroker.Logging;

/// <summary>One listener of the <see cref="LogFeed"/>: what was kept when it subscribed, then every new entry.</summary>
internal sealed class LogSubscription(IReadOnlyList<LogEntry> history, ChannelReader<LogEntry> live, Action unsubscribe) : IDisposable
{
    private Action? _unsubscribe = unsubscribe;

    public IReadOnlyList<LogEntry> History { get; } = history;

    public ChannelReader<LogEntry> Live { get; } = live;

    public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
}
