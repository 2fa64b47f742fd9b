using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

/// <summary>
/// Feeds: how an always-available path keeps one stream for its whole life. The path's stream is a hub; each writer
/// (the offline media, then a publisher or source, then the offline media again) gets a feed, a stream of its own that
/// readers never see, whose units the hub re-times and carries on its own tracks. A live feed takes over at its first
/// key frame, so readers never get frames they cannot decode; when it closes, the offline feed is asked to start again.
/// </summary>
public sealed partial class MediaStream
{
    /// <summary>The gap put between the last unit of one writer and the first of the next.</summary>
    private const double SwitchGapSeconds = 0.001;

    private readonly FeedHub? _hub;
    private readonly FeedLink? _feed;

    /// <summary>A hub whose units come from feeds (<see cref="AddFeed"/>), for an always-available path.</summary>
    internal static MediaStream CreateHub(IReadOnlyList<Track> tracks, PathClock clock, int writeQueueSize, ILogger logger) =>
        new(tracks, clock, writeQueueSize, logger, new FeedHub(clock, tracks.Count), null);

    /// <summary>True for the stream of an always-available path.</summary>
    internal bool IsHub => _hub is not null;

    /// <summary>
    /// A feed of this hub with the writer's own tracks; <paramref name="trackMap"/>[i] is the hub track that carries
    /// feed track i (same codec and clock rate). A live feed replaces the previous live one, which the caller closes.
    /// </summary>
    internal MediaStream AddFeed(IReadOnlyList<Track> tracks, int[] trackMap, bool offline)
    {
        var hub = _hub ?? throw new InvalidOperationException("not a hub stream");
        var feed = new MediaStream(tracks, hub.Clock, WriteQueueSize, Logger, null, new FeedLink(this, trackMap, offline));
        lock (hub.Gate)
        {
            if (offline)
            {
                hub.Offline = feed;
            }
            else
            {
                hub.Live = feed;
            }
        }

        if (IsClosed)
        {
            feed.Close();
        }

        return feed;
    }

    /// <summary>Whether the live feed's units reach readers now (it took over at a key frame).</summary>
    internal bool IsLiveActive
    {
        get
        {
            if (_hub is not { } hub)
            {
                return false;
            }

            lock (hub.Gate)
            {
                return hub.Active is { } a && a == hub.Live;
            }
        }
    }

    /// <summary>For the offline feed: true while no live feed has taken over (none, or one waiting for a key frame).</summary>
    internal bool IsFeedWanted
    {
        get
        {
            if (_feed is not { } link || IsClosed)
            {
                return false;
            }

            var hub = link.Target._hub!;
            lock (hub.Gate)
            {
                return !link.Offline || hub.Live is null || hub.Active != hub.Live;
            }
        }
    }

    /// <summary>For the offline feed: completes when its units are wanted again (the live feed left).</summary>
    internal Task WhenFeedWantedAsync(CancellationToken ct)
    {
        if (_feed is not { } link)
        {
            return Task.CompletedTask;
        }

        var hub = link.Target._hub!;
        TaskCompletionSource waiter;
        lock (hub.Gate)
        {
            if (IsClosed || !link.Offline || hub.Live is null || hub.Active != hub.Live)
            {
                return Task.CompletedTask;
            }

            waiter = hub.OfflineWanted ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return waiter.Task.WaitAsync(ct);
    }

    private void WriteFromFeed(MediaStream feed, Unit unit)
    {
        var hub = _hub!;
        var link = feed._feed!;
        lock (hub.Gate)
        {
            if (IsClosed || feed.IsClosed)
            {
                return;
            }

            if (hub.Active != feed && !TryActivate(hub, feed, link, unit))
            {
                return;
            }

            var id = unit.Track.Id;
            if ((uint)id >= (uint)link.TrackMap.Length)
            {
                return;
            }

            var index = link.TrackMap[id];
            var track = Tracks[index];

            // The writer's parameters (SPS/PPS, AudioSpecificConfig) become the hub track's; readers see a new version.
            if (!ReferenceEquals(track.Codec, unit.Track.Codec))
            {
                track.UpdateCodec(unit.Track.Codec);
            }

            var shift = link.Aligner!.ShiftFor(unit);
            var dts = unit.Dts + shift;

            // Right after a switch, a unit that would go back in time on its track (audio a little ahead of the key
            // frame that opened the switch) is dropped: readers see every track's time only move forward. "Forward"
            // means by at least a millisecond, RTMP's and FLV's resolution, or those readers would see a repeated time.
            if (hub.LastWriter[index] is { } last && last != feed && dts < hub.LastDts[index] + ((track.ClockRate + 999) / 1000))
            {
                return;
            }

            // Wall-clock times follow the stream's own timeline, not each writer's: RTSP and WebRTC readers map RTP times
            // to NTP with sender reports, and a mapping that jumped at a switch would move their clocks back.
            var aligned = unit.WithTrack(track, shift, hub.WallClockOrigin + TimeSpan.FromSeconds((double)(unit.Pts + shift) / track.ClockRate));
            hub.LastWriter[index] = feed;
            hub.LastDts[index] = dts;
            hub.LastSeconds = Math.Max(hub.LastSeconds, (double)dts / track.ClockRate);
            var size = aligned.PayloadSize;
            if (!link.Offline)
            {
                Interlocked.Add(ref _inboundBytes, size);
            }

            // The offline media counts here: the meters say what readers get.
            Meters[index].Add(dts, size);

            Units.Publish(aligned);
            foreach (var (_, encoder) in _encoders)
            {
                encoder.Write(aligned);
            }
        }
    }

    /// <summary>
    /// A feed that is not the active one takes over when it may (the live feed whenever it is there, the offline feed
    /// only when nothing else writes) and when it has something a decoder can start from.
    /// </summary>
    private bool TryActivate(FeedHub hub, MediaStream feed, FeedLink link, Unit unit)
    {
        var allowed = link.Offline ? hub.Active is null : feed == hub.Live;
        if (!allowed || (HasVideo && !(unit.IsVideo && unit.IsRandomAccess)))
        {
            return false;
        }

        hub.Active = feed;
        link.Aligner = new StreamTimeAligner(hub.Clock, hub.LastSeconds + SwitchGapSeconds);
        return true;
    }

    private void FeedClosed(MediaStream feed)
    {
        var hub = _hub!;
        TaskCompletionSource? wake = null;
        lock (hub.Gate)
        {
            var wasWriting = hub.Active == feed || hub.Live == feed;
            if (hub.Active == feed)
            {
                hub.Active = null;
            }

            if (hub.Offline == feed)
            {
                hub.Offline = null;
            }

            if (hub.Live == feed)
            {
                hub.Live = null;
            }

            if (wasWriting && hub.Offline != feed)
            {
                wake = hub.OfflineWanted;
                hub.OfflineWanted = null;
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>The writers of a hub; everything is guarded by <see cref="Gate"/>.</summary>
    private sealed class FeedHub(PathClock clock, int trackCount)
    {
        public Lock Gate { get; } = new();

        public PathClock Clock { get; } = clock;

        /// <summary>The wall-clock time of path clock zero.</summary>
        public DateTime WallClockOrigin { get; } = DateTime.UtcNow - clock.Now;

        /// <summary>The feed whose units readers get now, or null between writers.</summary>
        public MediaStream? Active { get; set; }

        public MediaStream? ActiveFeed
        {
            get
            {
                lock (Gate)
                {
                    return Active;
                }
            }
        }

        public MediaStream? Live { get; set; }

        public MediaStream? Offline { get; set; }

        public TaskCompletionSource? OfflineWanted { get; set; }

        public MediaStream?[] LastWriter { get; } = new MediaStream?[trackCount];

        public long[] LastDts { get; } = new long[trackCount];

        /// <summary>The latest decode time published on any track, in path clock seconds.</summary>
        public double LastSeconds { get; set; }

        public void Close()
        {
            TaskCompletionSource? wake;
            lock (Gate)
            {
                wake = OfflineWanted;
                OfflineWanted = null;
            }

            wake?.TrySetCanceled();
        }
    }

    /// <summary>What makes a stream a feed: its hub, which hub track each of its tracks maps to, and its time shift.</summary>
    private sealed class FeedLink(MediaStream target, int[] trackMap, bool offline)
    {
        public MediaStream Target { get; } = target;

        public int[] TrackMap { get; } = trackMap;

        public bool Offline { get; } = offline;

        /// <summary>Set (under the hub's lock) each time the feed takes over.</summary>
        public StreamTimeAligner? Aligner { get; set; }
    }
}
