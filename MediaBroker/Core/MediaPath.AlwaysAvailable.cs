using System.Collections.Immutable;
using MediaBroker.Media;

namespace MediaBroker.Core;

/// <summary>
/// Always-available paths (<c>alwaysAvailable</c>): the path's stream is a hub made at startup that lives as long as
/// the path. The offline media writes into it while nobody publishes; a publisher (or the static source) gets a feed of
/// the hub instead of a stream of its own, so readers stay connected across publishers and see time move forward.
/// </summary>
public sealed partial class MediaPath
{
    private MediaStream? _hub;
    private MediaStream? _liveFeed;
    private CancellationTokenSource? _offlineCts;
    private DateTime? _onlineTime;

    /// <summary>A live source (not the offline media) feeds the stream; the same as <see cref="IsReady"/> for other paths.</summary>
    public bool IsOnline
    {
        get
        {
            lock (_gate)
            {
                return _hub is null ? _stream is not null : _liveFeed is not null;
            }
        }
    }

    /// <summary>When the current live source started, or null.</summary>
    public DateTime? OnlineTime
    {
        get
        {
            lock (_gate)
            {
                return _hub is null ? _readyTime : _onlineTime;
            }
        }
    }

    /// <summary>True when the path plays offline media between publishers.</summary>
    public bool IsAlwaysAvailable
    {
        get
        {
            lock (_gate)
            {
                return _hub is not null;
            }
        }
    }

    /// <summary>Makes the hub and starts the offline media (path creation). On failure the path works as a plain one.</summary>
    private void StartAlwaysAvailable()
    {
        if (!Conf.AlwaysAvailable || _manager.OfflineMedia is not { } factory)
        {
            return;
        }

        IOfflineMedia media;
        try
        {
            media = factory.Create(Conf);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
        {
            AlwaysAvailableLog.OfflineMediaFailed(_logger, Name, ex.Message);
            return;
        }

        var codecs = media.Codecs;
        var hub = MediaStream.CreateHub([.. codecs.Select((c, i) => new Track(i, c))], Clock, _manager.WriteQueueSize, _logger);
        var identity = Enumerable.Range(0, codecs.Count).ToArray();
        var feed = hub.AddFeed([.. codecs.Select((c, i) => new Track(i, c))], identity, offline: true);
        var cts = new CancellationTokenSource();
        lock (_gate)
        {
            if (_closed)
            {
                hub.Close();
                return;
            }

            _hub = hub;
            _offlineCts = cts;
            SetReadyLocked(hub);
        }

        AlwaysAvailableLog.Started(_logger, Name, DescribeTracks(hub.Tracks));
        _manager.OnStreamReady(this);
        _ = Task.Run(() => RunOfflineAsync(media, feed, cts.Token));
    }

    private async Task RunOfflineAsync(IOfflineMedia media, MediaStream feed, CancellationToken ct)
    {
        try
        {
            await media.RunAsync(feed, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested || feed.IsClosed)
        {
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            AlwaysAvailableLog.OfflineMediaStopped(_logger, Name, ex.Message);
        }
        finally
        {
            feed.Close();
        }
    }

    /// <summary>
    /// A publisher or source with <paramref name="tracks"/> joins the hub: a feed that carries its units, or a closed
    /// stream (and the writer kicked with the reason) when its tracks are not the declared ones.
    /// </summary>
    private MediaStream StartLiveFeed(MediaStream hub, IPathPublisher writer, string query, IReadOnlyList<Track> tracks, Func<bool> stillOwner)
    {
        if (AlwaysAvailableTracks.Map(Name, hub.Tracks, tracks, out var error) is not { } map)
        {
            AlwaysAvailableLog.TracksRefused(_logger, Name, writer.ApiType, error);
            writer.Kick(error);
            return ClosedStream(tracks);
        }

        var feed = hub.AddFeed(tracks, map, offline: false);
        MediaStream? previous;
        lock (_gate)
        {
            if (_closed || !stillOwner())
            {
                feed.Close();
                return feed;
            }

            previous = _liveFeed;
            _liveFeed = feed;
            _onlineTime = DateTime.UtcNow;
        }

        previous?.Close();
        AlwaysAvailableLog.Online(_logger, Name, writer.ApiType);
        CoreLog.StreamReady(_logger, Name, writer.ApiType, tracks.Count, DescribeTracks(tracks));
        _manager.Events?.PathReady(this, writer, query);
        return feed;
    }

    /// <summary>The live feed leaves (publisher gone, source down): readers go back to the offline media.</summary>
    private void EndLiveFeed(MediaStream? feed)
    {
        if (feed is null)
        {
            return;
        }

        feed.Close();
        AlwaysAvailableLog.Offline(_logger, Name);
        _manager.Events?.PathNotReady(this);
    }

    /// <summary>
    /// The publisher or source leaves (under the lock): an always-available path gives up only its live feed and keeps
    /// its stream and readers; any other path loses its stream and readers.
    /// </summary>
    private SourceEnd EndSourceLocked()
    {
        if (_hub is not null)
        {
            return new SourceEnd(null, [], TakeLiveFeedLocked());
        }

        var (stream, readers) = DetachStreamLocked();
        return new SourceEnd(stream, readers, null);
    }

    /// <summary>Finishes <see cref="EndSourceLocked"/> outside the lock.</summary>
    private void FinishSourceEnd(SourceEnd end, string reason)
    {
        EndLiveFeed(end.Feed);
        if (end.Stream is not null)
        {
            CoreLog.StreamNotReady(_logger, Name);
        }

        EndStream(end.Stream, end.Readers, reason);
    }

    private MediaStream? TakeLiveFeedLocked()
    {
        var feed = _liveFeed;
        _liveFeed = null;
        _onlineTime = null;
        return feed;
    }

    private void StopOfflineLocked()
    {
        _offlineCts?.Cancel();
        _offlineCts = null;
    }

    private MediaStream ClosedStream(IReadOnlyList<Track> tracks)
    {
        var stream = new MediaStream(tracks, Clock, _manager.WriteQueueSize, _logger);
        stream.Close();
        return stream;
    }

    private readonly record struct SourceEnd(MediaStream? Stream, ImmutableArray<ReaderLease> Readers, MediaStream? Feed);
}
