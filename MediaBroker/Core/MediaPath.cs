using System.Collections.Immutable;
using MediaBroker.Conf;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

/// <summary>
/// One live path: its conf, who publishes (a session or a configured source), the current stream and
/// its readers. State changes happen under a small lock that is never held across an await; the
/// effects on sessions (kicks, closing streams) run after the lock is released.
/// </summary>
public sealed partial class MediaPath
{
    private readonly Lock _gate = new();
    private readonly PathManager _manager;
    private readonly ILogger _logger;
    private PathConf _conf;
    private PublisherLease? _publisher;
    private StaticSourceContext? _source;
    private MediaStream? _stream;
    private DateTime? _readyTime;
    private ImmutableArray<ReaderLease> _readers = [];
    private TaskCompletionSource<MediaStream> _readyWaiters = NewWaiters();
    private int _pins;
    private bool _closed;
    private long _inboundBytesOfEndedStreams;

    internal MediaPath(PathManager manager, string name, PathConfMatch match, ILogger logger)
    {
        _manager = manager;
        _logger = logger;
        _conf = match.Conf;
        Name = name;
        ConfName = match.ConfName;
        MatchGroups = match.Groups;
        IsStatic = !match.Conf.IsRegex;
        Created = DateTime.UtcNow;
    }

    public string Name { get; }

    /// <summary>The key of the conf this path matched ("cam1", "~^cam", "all_others").</summary>
    public string ConfName { get; }

    /// <summary>Regex capture groups of the conf name (index 0 is the whole name).</summary>
    public string[] MatchGroups { get; }

    /// <summary>Exists because the configuration names it, not because someone used it.</summary>
    public bool IsStatic { get; }

    public DateTime Created { get; }

    /// <summary>The broker's time origin, shared by every path so that time never jumps back, even when a path is recreated.</summary>
    public PathClock Clock => _manager.Clock;

    public PathConf Conf => Volatile.Read(ref _conf);

    public MediaStream? Stream => Volatile.Read(ref _stream);

    public bool IsReady => Stream is not null;

    public DateTime? ReadyTime
    {
        get
        {
            lock (_gate)
            {
                return _readyTime;
            }
        }
    }

    /// <summary>The publishing session or source, or null.</summary>
    public IPathPublisher? Source
    {
        get
        {
            lock (_gate)
            {
                // An always-available path is ready between sources: its source is the live one, if any.
                return (IPathPublisher?)_publisher?.Publisher ?? ((_hub is null ? _stream : _liveFeed) is not null ? _source : null);
            }
        }
    }

    public IReadOnlyList<IPathReader> Readers
    {
        get
        {
            ImmutableArray<ReaderLease> readers;
            lock (_gate)
            {
                readers = _readers;
            }

            var list = new IPathReader[readers.Length];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = readers[i].Reader;
            }

            return list;
        }
    }

    public int ReaderCount
    {
        get
        {
            lock (_gate)
            {
                return _readers.Length;
            }
        }
    }

    /// <summary>Bytes received from every publisher of this path so far.</summary>
    public long InboundBytes
    {
        get
        {
            lock (_gate)
            {
                return _inboundBytesOfEndedStreams + (_stream?.InboundBytes ?? 0);
            }
        }
    }

    internal bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return !IsStatic && _publisher is null && _source is null && _readers.IsEmpty && !HasSourceRunning && !_demandActive
                    && Volatile.Read(ref _pins) == 0;
            }
        }
    }

    internal void Pin() => Interlocked.Increment(ref _pins);

    internal void Unpin() => Interlocked.Decrement(ref _pins);

    /// <summary>Applies a conf change that does not need the path to restart.</summary>
    internal void UpdateConf(PathConf conf) => Volatile.Write(ref _conf, conf);

    internal PathResult<PublisherLease> AttachPublisher(IPathPublisher publisher, string query = "")
    {
        PublisherLease lease;
        PublisherLease? replaced;
        ClusterPull? replacedPull = null;
        CancellationTokenSource? stoppedPull = null;
        MediaStream? endedStream;
        MediaStream? endedFeed;
        ImmutableArray<ReaderLease> droppedReaders;
        lock (_gate)
        {
            if (_closed)
            {
                return PathResult<PublisherLease>.Fail(PathStatus.NoStream, $"path '{Name}' is closing");
            }

            if (_conf.Source != "publisher")
            {
                return PathResult<PublisherLease>.Fail(PathStatus.NotPublisherPath,
                    $"path '{Name}' is configured with a static source and cannot be published to");
            }

            replaced = _publisher;
            if (replaced is not null && !_conf.OverridePublisher)
            {
                return PathResult<PublisherLease>.Fail(PathStatus.PublisherBusy, $"someone is already publishing to path '{Name}'");
            }

            lease = new PublisherLease(this, publisher) { Query = query };
            _publisher = lease;
            if (_pull is not null)
            {
                // The path is published here now: the pull from another node stops and its late frames are ignored.
                replacedPull = _pull;
                _pull = null;
                _source = null;
                stoppedPull = _sourceCts;
                _sourceCts = null;
            }

            (endedStream, droppedReaders) = _hub is null ? DetachStreamLocked() : (null, []);
            endedFeed = _hub is null ? null : TakeLiveFeedLocked();
        }

        if (replacedPull is not null)
        {
            CoreLog.ClusterPullReplaced(_logger, Name, replacedPull.Node);
            stoppedPull?.Cancel();
        }

        if (replaced is not null)
        {
            CoreLog.PublisherOverridden(_logger, Name, replaced.Publisher.ApiType, replaced.Publisher.Id);
            replaced.Publisher.Kick("another publisher took over the path");
        }

        EndLiveFeed(endedFeed);
        EndStream(endedStream, droppedReaders, "the publisher was replaced");
        return PathResult<PublisherLease>.Ok(lease);
    }

    internal MediaStream StartPublisherStream(PublisherLease lease, IReadOnlyList<Track> tracks)
    {
        if (Volatile.Read(ref _hub) is { } hub)
        {
            return StartLiveFeed(hub, lease.Publisher, lease.Query, tracks, () => _publisher == lease);
        }

        var stream = new MediaStream(tracks, Clock, _manager.WriteQueueSize, _logger);
        lock (_gate)
        {
            if (_publisher != lease || _closed)
            {
                stream.Close();
                return stream;
            }

            SetReadyLocked(stream);
        }

        CoreLog.StreamReady(_logger, Name, lease.Publisher.ApiType, tracks.Count, DescribeTracks(tracks));
        _manager.OnPathReady(this, lease.Publisher, lease.Query);
        return stream;
    }

    internal void ReleasePublisher(PublisherLease lease)
    {
        SourceEnd end;
        lock (_gate)
        {
            if (_publisher != lease)
            {
                return;
            }

            _publisher = null;
            end = EndSourceLocked();
        }

        FinishSourceEnd(end, "the publisher left");
        _manager.RemoveIfIdle(this);
    }

    /// <summary>Closes the path for good (conf removed or changed): everyone on it is disconnected.</summary>
    internal void Close(string reason)
    {
        PublisherLease? publisher;
        MediaStream? endedStream;
        MediaStream? endedFeed;
        ImmutableArray<ReaderLease> droppedReaders;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            publisher = _publisher;
            _publisher = null;
            endedFeed = TakeLiveFeedLocked();
            StopOfflineLocked();
            (endedStream, droppedReaders) = DetachStreamLocked();
            _readyWaiters.TrySetCanceled();
        }

        StopSource();
        publisher?.Publisher.Kick(reason);
        endedFeed?.Close();
        EndStream(endedStream, droppedReaders, reason);
        _manager.Events?.PathClosed(this);
    }

    private void SetReadyLocked(MediaStream stream)
    {
        _stream = stream;
        _readyTime = DateTime.UtcNow;
        _readyWaiters.TrySetResult(stream);
    }

    /// <summary>Takes the current stream and its readers out of the path (under the lock); <see cref="EndStream"/> finishes outside it.</summary>
    private (MediaStream? Stream, ImmutableArray<ReaderLease> Readers) DetachStreamLocked()
    {
        var stream = _stream;
        if (stream is null)
        {
            return (null, []);
        }

        _inboundBytesOfEndedStreams += stream.InboundBytes;
        _stream = null;
        _readyTime = null;
        if (_readyWaiters.Task.IsCompleted)
        {
            _readyWaiters = NewWaiters();
        }

        var readers = _readers;
        _readers = [];
        return (stream, readers);
    }

    private void EndStream(MediaStream? stream, ImmutableArray<ReaderLease> readers, string reason)
    {
        stream?.Close();
        if (stream is not null)
        {
            _manager.Events?.PathNotReady(this);
        }

        foreach (var r in readers)
        {
            r.Reader.Kick(reason);
            _manager.Events?.ReaderRemoved(this, r.Reader);
        }
    }

    private static TaskCompletionSource<MediaStream> NewWaiters() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string DescribeTracks(IReadOnlyList<Track> tracks) => string.Join(", ", tracks.Select(t => t.Codec.Name));
}
