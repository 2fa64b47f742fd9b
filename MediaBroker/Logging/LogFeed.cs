using System.Threading.Channels;

namespace MediaBroker.Logging;

/// <summary>
/// The last <see cref="Capacity"/> log entries and the live listeners of new ones (the dashboard's log page).
/// Only the provider's background writer adds entries, so a logging caller never pays for it; a listener that
/// falls behind loses its oldest unread entries, never blocks the writer.
/// </summary>
internal sealed class LogFeed
{
    public const int Capacity = 1000;
    private const int ListenerQueue = 2000;

    private readonly Lock _lock = new();
    private readonly LogEntry?[] _ring = new LogEntry?[Capacity];
    private readonly List<Channel<LogEntry>> _listeners = [];
    private int _next;
    private int _count;

    public int ListenerCount
    {
        get
        {
            lock (_lock)
            {
                return _listeners.Count;
            }
        }
    }

    /// <summary>Called by the writer for every entry it writes.</summary>
    public void Add(LogEntry entry)
    {
        lock (_lock)
        {
            _ring[_next] = entry;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
            foreach (var listener in _listeners)
            {
                listener.Writer.TryWrite(entry);
            }
        }
    }

    /// <summary>
    /// The entries kept so far (oldest first) and a reader of every later one, with no gap or repeat between them.
    /// Dispose the subscription to stop listening.
    /// </summary>
    public LogSubscription Subscribe()
    {
        var channel = Channel.CreateBounded<LogEntry>(new BoundedChannelOptions(ListenerQueue)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        lock (_lock)
        {
            var history = new LogEntry[_count];
            var start = (_next - _count + Capacity) % Capacity;
            for (var i = 0; i < _count; i++)
            {
                history[i] = _ring[(start + i) % Capacity]!;
            }

            _listeners.Add(channel);
            return new LogSubscription(history, channel.Reader, () => Unsubscribe(channel));
        }
    }

    private void Unsubscribe(Channel<LogEntry> channel)
    {
        lock (_lock)
        {
            _listeners.Remove(channel);
        }

        channel.Writer.TryComplete();
    }
}
