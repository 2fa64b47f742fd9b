using System.Collections.Immutable;
using MediaBroker.Codecs;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

/// <summary>
/// The live content of a ready path: its tracks, and the fan-out of units to readers. One publisher
/// writes; each protocol's encoder turns units into wire bytes once and shares them with its readers.
/// </summary>
public sealed class MediaStream
{
    /// <summary>Units kept for late joiners: about ten seconds of 30 fps video plus audio.</summary>
    private const int GopCacheLimit = 1024;

    private readonly StreamTimeAligner _aligner;
    private readonly Lock _encodersGate = new();
    private ImmutableArray<(object Key, IStreamEncoder Encoder)> _encoders = [];
    private long _inboundBytes;
    private long _inboundFramesInError;
    private int _closed;

    public MediaStream(IReadOnlyList<Track> tracks, PathClock clock, int writeQueueSize, ILogger logger)
    {
        if (tracks.Count == 0)
        {
            throw new ArgumentException("a stream needs at least one track", nameof(tracks));
        }

        Tracks = [.. tracks];
        HasVideo = Tracks.Any(t => t.Kind == MediaKind.Video);
        WriteQueueSize = writeQueueSize;
        Logger = logger;
        _aligner = new StreamTimeAligner(clock);
        Units = new Fanout<Unit>(HasVideo ? GopCacheLimit : 0);
    }

    public ImmutableArray<Track> Tracks { get; }

    public bool HasVideo { get; }

    public int WriteQueueSize { get; }

    public ILogger Logger { get; }

    /// <summary>Raw units, for readers that mux per reader (recorders, forwarders, HLS muxer).</summary>
    public Fanout<Unit> Units { get; }

    public long InboundBytes => Interlocked.Read(ref _inboundBytes);

    public long InboundFramesInError => Interlocked.Read(ref _inboundFramesInError);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Options for a new reader queue of this stream.</summary>
    public ReaderQueueOptions ReaderOptions(string readerName) => new()
    {
        Capacity = WriteQueueSize,
        HasVideo = HasVideo,
        Logger = Logger,
        ReaderName = readerName,
    };

    /// <summary>
    /// Publishes one unit (publisher's task only). Timestamps are moved onto the path clock here;
    /// after this call the unit belongs to the stream and must not be changed.
    /// </summary>
    public void WriteUnit(Unit unit)
    {
        if (IsClosed)
        {
            return;
        }

        _aligner.Align(unit);
        Interlocked.Add(ref _inboundBytes, unit.PayloadSize);
        Units.Publish(unit);
        foreach (var (_, encoder) in _encoders)
        {
            encoder.Write(unit);
        }
    }

    /// <summary>Counts a frame the publisher could not decode (malformed, lost packets).</summary>
    public void ReportFrameInError() => Interlocked.Increment(ref _inboundFramesInError);

    /// <summary>
    /// Returns the encoder registered under <paramref name="key"/>, creating it on first use. It receives
    /// units from the next one written.
    /// </summary>
    public TEncoder GetOrAddEncoder<TEncoder>(object key, Func<MediaStream, TEncoder> factory)
        where TEncoder : class, IStreamEncoder
    {
        foreach (var (k, e) in _encoders)
        {
            if (k.Equals(key))
            {
                return (TEncoder)e;
            }
        }

        lock (_encodersGate)
        {
            foreach (var (k, e) in _encoders)
            {
                if (k.Equals(key))
                {
                    return (TEncoder)e;
                }
            }

            var created = factory(this);
            if (IsClosed)
            {
                created.Complete();
            }

            _encoders = _encoders.Add((key, created));
            return created;
        }
    }

    /// <summary>Ends the stream: every reader's queue completes after what it already holds.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        Units.Complete();
        ImmutableArray<(object Key, IStreamEncoder Encoder)> encoders;
        lock (_encodersGate)
        {
            encoders = _encoders;
        }

        foreach (var (_, encoder) in encoders)
        {
            encoder.Complete();
        }
    }
}
