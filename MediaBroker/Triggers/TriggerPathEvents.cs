using System.Collections.Concurrent;
using MediaBroker.Core;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Triggers;

/// <summary>
/// The stream triggers, from the path lifecycle: STREAM_READY and LIVE_TRACK_LIST when a stream becomes readable
/// (a negative blocking STREAM_READY closes its publisher), STREAM_END when it stops, with what happened meanwhile.
/// Calls return at once; handlers run in the background.
/// </summary>
public sealed class TriggerPathEvents : IPathEvents
{
    private readonly TriggerDispatcher _triggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<MediaPath, StreamStats> _streams = new(ReferenceEqualityComparer.Instance);

    public TriggerPathEvents(TriggerDispatcher triggers, ILogger<TriggerPathEvents> logger)
    {
        _triggers = triggers;
        _logger = logger;
    }

    public void PathCreated(MediaPath path)
    {
    }

    public void PathClosed(MediaPath path) => _streams.TryRemove(path, out _);

    public void PathReady(MediaPath path, IPathPublisher source, string query)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        _streams[path] = new StreamStats(path.InboundBytes);
        if (_triggers.IsConfigured("STREAM_READY", path.Name))
        {
            var payload = TriggerPayload.StreamReady(path.Name, source.ApiType);
            _triggers.Background(async ct =>
            {
                if (!await _triggers.DecideAsync("STREAM_READY", path.Name, payload, ct).ConfigureAwait(false))
                {
                    TriggersLog.ReadyRefused(_logger, path.Name);
                    source.Kick("refused by the STREAM_READY trigger");
                }
            });
        }

        if (path.Stream is { } stream && _triggers.IsConfigured("LIVE_TRACK_LIST", path.Name))
        {
            _triggers.Fire("LIVE_TRACK_LIST", path.Name, TriggerPayload.LiveTrackList(path.Name, stream.Tracks));
        }
    }

    public void PathNotReady(MediaPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!_streams.TryRemove(path, out var stats) || !_triggers.IsConfigured("STREAM_END", path.Name))
        {
            return;
        }

        var (viewers, outputs, viewerSeconds) = stats.End();
        // The broker does not count the bytes it sends per path (the API's outboundBytes is 0 too): uploaded is 0.
        _triggers.Fire("STREAM_END", path.Name,
            TriggerPayload.StreamEnd(path.Name, path.InboundBytes - stats.InboundAtStart, 0, viewers, 1, outputs, viewerSeconds));
    }

    public void ReaderAdded(MediaPath path, IPathReader reader, string query)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (_streams.TryGetValue(path, out var stats))
        {
            stats.Added(reader);
        }
    }

    public void ReaderRemoved(MediaPath path, IPathReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (_streams.TryGetValue(path, out var stats))
        {
            stats.Removed(reader);
        }
    }

    public void DemandStarted(MediaPath path, string query)
    {
    }

    public void DemandStopped(MediaPath path, string query)
    {
    }

    /// <summary>What STREAM_END reports about one stream: readers (viewers exclude the broker's own hidden readers) and their time.</summary>
    private sealed class StreamStats(long inboundAtStart)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<Guid, long> _open = [];
        private long _viewers;
        private long _outputs;
        private long _closedViewerMs;

        public long InboundAtStart { get; } = inboundAtStart;

        public void Added(IPathReader reader)
        {
            lock (_gate)
            {
                _outputs++;
                if (reader.ApiType != "hidden")
                {
                    _viewers++;
                    _open[reader.Id] = Environment.TickCount64;
                }
            }
        }

        public void Removed(IPathReader reader)
        {
            lock (_gate)
            {
                if (_open.Remove(reader.Id, out var since))
                {
                    _closedViewerMs += Environment.TickCount64 - since;
                }
            }
        }

        public (long Viewers, long Outputs, long ViewerSeconds) End()
        {
            lock (_gate)
            {
                var now = Environment.TickCount64;
                var ms = _closedViewerMs + _open.Values.Sum(since => now - since);
                return (_viewers, _outputs, ms / 1000);
            }
        }
    }
}
