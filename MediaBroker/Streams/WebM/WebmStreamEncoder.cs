using System.Buffers;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Opus;
using MediaBroker.Codecs.Vp9;
using MediaBroker.Core;
using MediaBroker.Formats.WebM;
using MediaBroker.Media;

namespace MediaBroker.Streams.WebM;

/// <summary>
/// Packages a stream as live WebM once, for every reader of <c>/&lt;path&gt;.webm</c> (register with
/// <c>stream.GetOrAddEncoder(new WebmEncoderKey())</c>): the first VP8 or VP9 track and the first Opus track, a Cluster
/// at every video key frame (audio only: every second), one SimpleBlock per unit. The header needs the picture size,
/// so nothing is published before the first video key frame. Readers start at a Cluster (the fan-out caches the items
/// since the last one) and send <see cref="WebmItem.Header"/> first.
/// </summary>
public sealed class WebmStreamEncoder : IStreamEncoder
{
    private const int GopCacheLimit = 512;
    private const int AudioClusterMs = 1000;

    private readonly MediaStream _stream;
    private readonly ReaderQueue<Unit>? _units;
    private readonly Track? _video;
    private readonly Track? _audio;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private ReadOnlyMemory<byte> _header;
    private long _clusterMs = -1;

    public WebmStreamEncoder(MediaStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        var tracks = SelectTracks(stream.Tracks);
        Tracks = tracks;
        _video = tracks.FirstOrDefault(t => t.Kind == MediaKind.Video);
        _audio = tracks.FirstOrDefault(t => t.Kind == MediaKind.Audio);
        Items = new Fanout<WebmItem>(_video is not null ? GopCacheLimit : 0);
        if (tracks.Count == 0)
        {
            return;
        }

        if (_video is null)
        {
            _header = WebmWriter.Header([AudioTrack(_audio!, 1)], "MediaBroker");
        }

        _units = stream.Units.Subscribe(stream.ReaderOptions("webmEncoder"));
    }

    /// <summary>The tracks carried, video first; empty when WebM can carry none of the stream's.</summary>
    public IReadOnlyList<Track> Tracks { get; }

    public Fanout<WebmItem> Items { get; }

    public ReaderQueue<WebmItem> Subscribe(string readerName) => Items.Subscribe(_stream.ReaderOptions(readerName) with { HasVideo = _video is not null });

    public void Unsubscribe(ReaderQueue<WebmItem> queue) => Items.Unsubscribe(queue);

    /// <summary>Packages what the stream published since the last call (publisher's task only).</summary>
    public void Write(Unit unit)
    {
        if (_units is null)
        {
            return;
        }

        while (_units.Reader.TryRead(out var next))
        {
            WriteUnit(next);
        }
    }

    public void Complete()
    {
        if (_units is not null)
        {
            _stream.Units.Unsubscribe(_units);
        }

        Items.Complete();
    }

    /// <summary>The first VP8/VP9 track and the first Opus track.</summary>
    public static IReadOnlyList<Track> SelectTracks(IReadOnlyList<Track> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var video = tracks.FirstOrDefault(t => t.Codec is Vp8Codec or Vp9Codec);
        var audio = tracks.FirstOrDefault(t => t.Codec is OpusCodec);
        return [.. new[] { video, audio }.OfType<Track>()];
    }

    private void WriteUnit(Unit unit)
    {
        var isVideo = unit.Track == _video;
        if (!isVideo && unit.Track != _audio)
        {
            return;
        }

        if (_header.IsEmpty)
        {
            // The picture size is in the first key frame.
            if (!isVideo || !unit.IsKeyFrame || !TryVideoSize(unit, out var width, out var height))
            {
                return;
            }

            WebmTrack[] tracks = _audio is null
                ? [VideoTrack(_video!, 1, width, height)]
                : [VideoTrack(_video!, 1, width, height), AudioTrack(_audio, 2)];
            _header = WebmWriter.Header(tracks, "MediaBroker");
        }

        var ms = unit.Pts * 1000 / unit.Track.ClockRate;
        var opens = _clusterMs < 0
            || (isVideo && unit.IsKeyFrame)
            || (_video is null && ms - _clusterMs >= AudioClusterMs)
            || ms - _clusterMs > WebmWriter.MaxBlockOffset
            || ms - _clusterMs < short.MinValue;
        if (_clusterMs < 0 && _video is not null && !(isVideo && unit.IsKeyFrame))
        {
            return; // nothing before the first key frame
        }

        _buffer.ResetWrittenCount();
        if (opens)
        {
            _clusterMs = ms;
            WebmWriter.WriteClusterStart(_buffer, ms);
        }

        var key = !isVideo || unit.IsKeyFrame;
        WebmWriter.WriteSimpleBlock(_buffer, isVideo || _video is null ? 1 : 2, (int)(ms - _clusterMs), key, unit.Payloads);

        // The item outlives this call in every reader's queue: its own array, once per unit. A Cluster opened by a block
        // too far from the last one is no place to start (no key frame), so readers only start at key-frame Clusters.
        var startable = opens && (_video is null || (isVideo && unit.IsKeyFrame));
        Items.Publish(new WebmItem(_header, _buffer.WrittenSpan.ToArray(), isVideo, key, startable));
    }

    private static bool TryVideoSize(Unit unit, out int width, out int height)
    {
        (width, height) = (0, 0);
        var frame = unit.Payloads.Length == 1 ? unit.Payloads[0].Span : Concat(unit.Payloads);
        if (unit.Track.Codec is Vp9Codec)
        {
            if (Vp9FrameHeader.TryParse(frame, out var h) && h.KeyFrame)
            {
                (width, height) = (h.Width, h.Height);
            }
        }
        else if (frame.Length >= 10 && frame[3] == 0x9D && frame[4] == 0x01 && frame[5] == 0x2A)
        {
            // VP8 key frame (RFC 6386 §9.1): start code, then 14-bit width and height (the top 2 bits are scaling).
            width = (frame[6] | (frame[7] << 8)) & 0x3FFF;
            height = (frame[8] | (frame[9] << 8)) & 0x3FFF;
        }

        return width > 0 && height > 0;
    }

    private static byte[] Concat(ReadOnlyMemory<byte>[] payloads)
    {
        var w = new ArrayBufferWriter<byte>();
        foreach (var p in payloads)
        {
            w.Write(p.Span);
        }

        return w.WrittenSpan.ToArray();
    }

    private static WebmTrack VideoTrack(Track t, int number, int width, int height) =>
        new(number, true, t.Codec is Vp9Codec ? "V_VP9" : "V_VP8", default, width, height, 0, 0);

    private static WebmTrack AudioTrack(Track t, int number)
    {
        var channels = ((OpusCodec)t.Codec).ChannelCount;
        const int PreSkip = 312;
        return new WebmTrack(number, false, "A_OPUS", OpusHead.Build(channels, PreSkip), 0, 0, 48000, channels,
            PreSkip * 1_000_000_000L / 48000);
    }
}
