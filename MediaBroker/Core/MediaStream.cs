using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using MediaBroker.Codecs;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

/// <summary>
/// The live content of a ready path: its tracks, and the fan-out of units to readers. One publisher
/// writes; each protocol's encoder turns units into wire bytes once and shares them with its readers.
/// </summary>
public sealed partial class MediaStream
{
    /// <summary>Units kept for late joiners: about ten seconds of 30 fps video plus audio.</summary>
    private const int GopCacheLimit = 1024;

    /// <summary>
    /// Minimum spacing of key frame requests passed to the publisher: a burst of viewers joining (or one
    /// viewer losing packets repeatedly) must not make the publisher send nothing but key frames.
    /// </summary>
    private static readonly long s_keyFrameRequestInterval = Stopwatch.Frequency / 2;

    private readonly StreamTimeAligner _aligner;
    private readonly Lock _encodersGate = new();
    private ImmutableArray<(object Key, IStreamEncoder Encoder)> _encoders = [];
    private long _inboundBytes;
    private long _inboundFramesInError;
    private int _closed;
    private Action? _keyFrameHandler;
    private long _lastKeyFrameRequest = long.MinValue;
    private long _keyFrameRequestsForwarded;

    public MediaStream(IReadOnlyList<Track> tracks, PathClock clock, int writeQueueSize, ILogger logger)
        : this(tracks, clock, writeQueueSize, logger, null, null)
    {
    }

    private MediaStream(IReadOnlyList<Track> tracks, PathClock clock, int writeQueueSize, ILogger logger, FeedHub? hub, FeedLink? feed)
    {
        if (tracks.Count == 0)
        {
            throw new ArgumentException("a stream needs at least one track", nameof(tracks));
        }

        Tracks = [.. tracks];
        Meters = [.. Tracks.Select(t => new TrackMeter(t.ClockRate))];
        HasVideo = Tracks.Any(t => t.Kind == MediaKind.Video);
        WriteQueueSize = writeQueueSize;
        Logger = logger;
        Clock = clock;
        _aligner = new StreamTimeAligner(clock);
        _hub = hub;
        _feed = feed;

        // A feed's units go to its hub's readers; nobody subscribes to the feed itself.
        Units = new Fanout<Unit>(HasVideo && feed is null ? GopCacheLimit : 0);
    }

    public ImmutableArray<Track> Tracks { get; }

    /// <summary>What each track carried recently (<see cref="Tracks"/>[i] is measured by Meters[i]), as readers got it.</summary>
    public ImmutableArray<TrackMeter> Meters { get; }

    public bool HasVideo { get; }

    /// <summary>The clock whose time the units carry (their times are relative to its start).</summary>
    public PathClock Clock { get; }

    public int WriteQueueSize { get; }

    public ILogger Logger { get; }

    /// <summary>Raw units, for readers that mux per reader (recorders, forwarders, HLS muxer).</summary>
    public Fanout<Unit> Units { get; }

    public long InboundBytes => Interlocked.Read(ref _inboundBytes);

    public long InboundFramesInError => Interlocked.Read(ref _inboundFramesInError);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Key frame requests that reached the publisher's handler (after rate limiting).</summary>
    public long KeyFrameRequestsForwarded => Interlocked.Read(ref _keyFrameRequestsForwarded);

    /// <summary>
    /// Registers the publisher's answer to <see cref="RequestKeyFrame"/> (a WebRTC publisher sends PLI, an RTSP
    /// one could send RTCP PLI). One handler per stream; it runs on the requesting reader's thread, so it must
    /// only signal the publisher's own task, not block.
    /// </summary>
    public void SetKeyFrameHandler(Action? handler) => Volatile.Write(ref _keyFrameHandler, handler);

    /// <summary>
    /// A reader asks for a key frame (a viewer's PLI/FIR). Forwarded to the publisher at most once per 500 ms;
    /// returns whether this request was forwarded. Publishers without a handler are left alone: readers then
    /// wait for the next key frame.
    /// </summary>
    public bool RequestKeyFrame()
    {
        if (_hub is not null)
        {
            return !IsClosed && _hub.ActiveFeed is { } active && active.RequestKeyFrame();
        }

        if (IsClosed || Volatile.Read(ref _keyFrameHandler) is not { } handler)
        {
            return false;
        }

        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastKeyFrameRequest);
        if (last != long.MinValue && now - last < s_keyFrameRequestInterval)
        {
            return false;
        }

        // Only the reader that wins the exchange forwards: concurrent requests collapse into one.
        if (Interlocked.CompareExchange(ref _lastKeyFrameRequest, now, last) != last)
        {
            return false;
        }

        Interlocked.Increment(ref _keyFrameRequestsForwarded);
        handler();
        return true;
    }

    /// <summary>Options for a new reader queue of this stream.</summary>
    public ReaderQueueOptions ReaderOptions(string readerName) => new()
    {
        Capacity = WriteQueueSize,
        HasVideo = HasVideo,
        Logger = Logger,
        ReaderName = readerName,
    };

    /// <summary>
    /// Publishes one unit (publisher's task only). Readers get it on the path clock, as a copy with shifted
    /// times; <paramref name="unit"/> itself is left as the publisher made it.
    /// </summary>
    public void WriteUnit(Unit unit)
    {
        if (IsClosed)
        {
            return;
        }

        if (_feed is not null)
        {
            _feed.Target.WriteFromFeed(this, unit);
            return;
        }

        unit = _aligner.Align(unit);
        var size = unit.PayloadSize;
        Interlocked.Add(ref _inboundBytes, size);
        MeterOf(unit.Track)?.Add(unit.Dts, size);

        Units.Publish(unit);
        foreach (var (_, encoder) in _encoders)
        {
            encoder.Write(unit);
        }
    }

    /// <summary>The meter of <paramref name="track"/>, one of <see cref="Tracks"/> (its id is its position), else null.</summary>
    public TrackMeter? MeterOf(Track track)
    {
        var id = track.Id;
        return (uint)id < (uint)Tracks.Length && ReferenceEquals(Tracks[id], track) ? Meters[id] : null;
    }

    /// <summary>Counts a frame the publisher could not decode (malformed, lost packets).</summary>
    public void ReportFrameInError()
    {
        Interlocked.Increment(ref _inboundFramesInError);
        _feed?.Target.ReportFrameInError();
    }

    /// <summary>
    /// Returns the encoder registered under <paramref name="key"/>, creating it with <see cref="IStreamEncoderKey{TEncoder}.Create"/>
    /// on first use. It receives units from the next one written.
    /// </summary>
    public TEncoder GetOrAddEncoder<TEncoder>(IStreamEncoderKey<TEncoder> key)
        where TEncoder : class, IStreamEncoder
    {
        ArgumentNullException.ThrowIfNull(key);

        // Readers attach far more often than encoders are created: look up without the lock first.
        if (TryGetEncoder(key, out var existing))
        {
            return existing;
        }

        lock (_encodersGate)
        {
            if (TryGetEncoder(key, out existing))
            {
                return existing;
            }

            var created = key.Create(this);
            if (IsClosed)
            {
                created.Complete();
            }

            _encoders = _encoders.Add((key, created));
            return created;
        }
    }

    /// <summary>The encoder registered under <paramref name="key"/>, if a reader created it already.</summary>
    public bool TryGetEncoder<TEncoder>(IStreamEncoderKey<TEncoder> key, [NotNullWhen(true)] out TEncoder? encoder)
        where TEncoder : class, IStreamEncoder
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var (k, e) in _encoders)
        {
            // Keys of different types never compare equal, so the encoder is the one this key type creates.
            if (k.Equals(key))
            {
                encoder = (TEncoder)e;
                return true;
            }
        }

        encoder = null;
        return false;
    }

    /// <summary>The encoders readers created on this stream, in creation order (API, tests).</summary>
    public IReadOnlyList<IStreamEncoder> Encoders => [.. _encoders.Select(e => e.Encoder)];

    /// <summary>Ends the stream: every reader's queue completes after what it already holds.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        Units.Complete();
        Volatile.Write(ref _keyFrameHandler, null);
        ImmutableArray<(object Key, IStreamEncoder Encoder)> encoders;
        lock (_encodersGate)
        {
            encoders = _encoders;
        }

        foreach (var (_, encoder) in encoders)
        {
            encoder.Complete();
        }

        _feed?.Target.FeedClosed(this);
        _hub?.Close();
    }
}
