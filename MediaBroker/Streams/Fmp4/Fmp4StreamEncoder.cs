using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Streams.Segments;

namespace MediaBroker.Streams.Fmp4;

/// <summary>
/// Packages a stream as live fragmented MP4 once, for every reader of <c>/&lt;path&gt;.mp4</c> (register with
/// <c>stream.GetOrAddEncoder(new Fmp4EncoderKey())</c>): the shared <see cref="UnitSegmenter"/> cuts a fragment at every
/// key frame of the primary track and every <see cref="PartDuration"/> in between. It carries the first video and the
/// first audio track fMP4 can describe (H264, H265, AV1, VP9; AAC, Opus, MP3, AC-3). Readers start at a key frame (the
/// fan-out caches the fragments since the last one) and send <see cref="Fmp4Fragment.Init"/> first.
/// </summary>
public sealed class Fmp4StreamEncoder : IStreamEncoder, ISegmentSink
{
    /// <summary>Fragments kept for late joiners: five per second, about ten seconds of GOP.</summary>
    private const int GopCacheLimit = 64;

    /// <summary>Short fragments keep a live player's latency near the publisher's; the moof costs ~100 bytes each.</summary>
    public static readonly TimeSpan PartDuration = TimeSpan.FromMilliseconds(200);

    private readonly MediaStream _stream;
    private readonly ReaderQueue<Unit>? _units;
    private readonly UnitSegmenter? _segmenter;
    private readonly bool _hasVideo;

    public Fmp4StreamEncoder(MediaStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        var tracks = SelectTracks(stream.Tracks);
        Tracks = tracks;
        _hasVideo = tracks.Count != 0 && tracks[0].Kind == MediaKind.Video;
        Fragments = new Fanout<Fmp4Fragment>(_hasVideo ? GopCacheLimit : 0);
        if (tracks.Count == 0)
        {
            return;
        }

        _segmenter = new UnitSegmenter(tracks, new SegmenterOptions
        {
            Format = SegmentFormat.Fmp4,
            SegmentDuration = TimeSpan.Zero,
            PartDuration = PartDuration,
            NewSegmentOnParameterChange = true,
        }, this, stream.Logger);

        // As the MPEG-TS encoder: the stream's cached GOP first, so the first reader starts at once.
        _units = stream.Units.Subscribe(stream.ReaderOptions("fmp4Encoder"));
    }

    /// <summary>The tracks carried, primary (video when there is one) first; empty when fMP4 can carry none.</summary>
    public IReadOnlyList<Track> Tracks { get; }

    public Fanout<Fmp4Fragment> Fragments { get; }

    /// <summary>Why the encoder stopped (a track fMP4 cannot describe after all), or null.</summary>
    public string? StopReason => _segmenter?.StopReason;

    /// <param name="batch">Merged writes, for a writer that sends everything queued in one send (see <see cref="ReaderQueueOptions.Batch"/>).</param>
    public ReaderQueue<Fmp4Fragment> Subscribe(string readerName, ReaderBatch batch = default) =>
        Fragments.Subscribe(_stream.ReaderOptions(readerName) with { HasVideo = _hasVideo, Batch = batch });

    public void Unsubscribe(ReaderQueue<Fmp4Fragment> queue) => Fragments.Unsubscribe(queue);

    /// <summary>Packages what the stream published since the last call (publisher's task only).</summary>
    public void Write(Unit unit)
    {
        if (_units is null)
        {
            return;
        }

        while (_units.Reader.TryRead(out var next))
        {
            if (_segmenter!.StopReason is not null)
            {
                Fragments.Complete();
                return;
            }

            try
            {
                _segmenter.WriteUnit(next);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
            {
                // A unit the writer cannot package (broken parameters): this output ends, the stream goes on.
                _stream.Units.Unsubscribe(_units);
                Fragments.Complete();
                return;
            }
        }
    }

    public void Complete()
    {
        if (_units is not null)
        {
            _stream.Units.Unsubscribe(_units);
        }

        Fragments.Complete();
    }

    void ISegmentSink.SegmentStarted(long dts, DateTime ntp)
    {
    }

    void ISegmentSink.PartWritten(ReadOnlySpan<byte> data, double duration, bool independent)
    {
        // The fragment outlives this call in every reader's queue: it gets its own array, once per fragment.
        Fragments.Publish(new Fmp4Fragment(_segmenter!.Init, data.ToArray(), _hasVideo, independent));
    }

    void ISegmentSink.SegmentEnded(double duration)
    {
    }

    /// <summary>The first video and the first audio track fMP4 describes; video first (it paces the fragments).</summary>
    public static IReadOnlyList<Track> SelectTracks(IReadOnlyList<Track> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        Track? video = null;
        Track? audio = null;
        foreach (var t in tracks)
        {
            if (video is null && t.Codec is H264Codec or H265Codec or Av1Codec or Vp9Codec)
            {
                video = t;
            }
            else if (audio is null && t.Codec is Mpeg4AudioCodec or OpusCodec or Mpeg12AudioCodec or Ac3Codec)
            {
                audio = t;
            }
        }

        return (video, audio) switch
        {
            ({ } v, { } a) => [v, a],
            ({ } v, null) => [v],
            (null, { } a) => [a],
            _ => [],
        };
    }
}
