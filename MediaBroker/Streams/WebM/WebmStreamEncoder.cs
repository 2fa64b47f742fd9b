using System.Buffers;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Formats.WebM;
using MediaBroker.Media;

namespace MediaBroker.Streams.WebM;

/// <summary>
/// Packages a stream as live WebM or Matroska once, for every reader that asks with the same key
/// (<see cref="WebmEncoderKey"/>: <c>/&lt;path&gt;.webm</c>; <see cref="MatroskaEncoderKey"/>: <c>.mkv</c> file pushes):
/// the first video and the first audio track the DocType can carry, a Cluster at every video key frame (audio only:
/// every second), one SimpleBlock per unit. The header needs the picture size (and, for MP3 and AC-3, an audio frame),
/// so nothing is published before the first video key frame that finds every track described. Readers start at a
/// Cluster (the fan-out caches the items since the last one) and send <see cref="WebmItem.Header"/> first.
/// </summary>
public sealed class WebmStreamEncoder : IStreamEncoder
{
    private const int GopCacheLimit = 512;
    private const int AudioClusterMs = 1000;

    private readonly MediaStream _stream;
    private readonly MatroskaDocType _docType;
    private readonly ReaderQueue<Unit>? _units;
    private readonly Track? _video;
    private readonly Track? _audio;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private WebmTrack? _videoEntry;
    private WebmTrack? _audioEntry;
    private Fmp4TrackInfo? _videoFraming;
    private Fmp4TrackInfo? _audioFraming;
    private ReadOnlyMemory<byte> _header;
    private long _clusterMs = -1;

    public WebmStreamEncoder(MediaStream stream, MatroskaDocType docType = MatroskaDocType.WebM)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _docType = docType;
        var tracks = SelectTracks(stream.Tracks, docType);
        Tracks = tracks;
        _video = tracks.FirstOrDefault(t => t.Kind == MediaKind.Video);
        _audio = tracks.FirstOrDefault(t => t.Kind == MediaKind.Audio);
        Items = new Fanout<WebmItem>(_video is not null ? GopCacheLimit : 0);
        if (tracks.Count == 0)
        {
            return;
        }

        _units = stream.Units.Subscribe(stream.ReaderOptions(docType == MatroskaDocType.WebM ? "webmEncoder" : "matroskaEncoder"));
    }

    /// <summary>The tracks carried, video first; empty when the DocType can carry none of the stream's.</summary>
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

    /// <summary>The first video and the first audio track <paramref name="docType"/> can carry (WebM: VP8/VP9/AV1 and Opus).</summary>
    public static IReadOnlyList<Track> SelectTracks(IReadOnlyList<Track> tracks, MatroskaDocType docType = MatroskaDocType.WebM)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var video = tracks.FirstOrDefault(t => t.Kind == MediaKind.Video && MatroskaTrackMapping.CanCarry(t.Codec, docType));
        var audio = tracks.FirstOrDefault(t => t.Kind == MediaKind.Audio && MatroskaTrackMapping.CanCarry(t.Codec, docType));
        return [.. new[] { video, audio }.OfType<Track>()];
    }

    private void WriteUnit(Unit unit)
    {
        var isVideo = unit.Track == _video;
        if (!isVideo && unit.Track != _audio)
        {
            return;
        }

        if (_header.IsEmpty && !TryStart(unit, isVideo))
        {
            return;
        }

        var ms = unit.Pts * 1000 / unit.Track.ClockRate;
        var opens = _clusterMs < 0
            || (isVideo && unit.IsKeyFrame)
            || (_video is null && ms - _clusterMs >= AudioClusterMs)
            || ms - _clusterMs > WebmWriter.MaxBlockOffset
            || ms - _clusterMs < short.MinValue;
        var framing = isVideo ? _videoFraming : _audioFraming;
        Fmp4Sample sample = default;
        if (framing is not null && !Fmp4SampleBuilder.TryBuild(framing, unit, out sample))
        {
            return; // nothing to store (only delimiters) or malformed OBUs
        }

        _buffer.ResetWrittenCount();
        if (opens)
        {
            _clusterMs = ms;
            WebmWriter.WriteClusterStart(_buffer, ms);
        }

        var key = !isVideo || unit.IsKeyFrame;
        var number = isVideo || _video is null ? 1 : 2;
        if (framing is null)
        {
            WebmWriter.WriteSimpleBlock(_buffer, number, (int)(ms - _clusterMs), key, unit.Payloads);
        }
        else
        {
            WebmWriter.WriteSimpleBlock(_buffer, number, (int)(ms - _clusterMs), key, sample);
        }

        // The item outlives this call in every reader's queue: its own array, once per unit. A Cluster opened by a block
        // too far from the last one is no place to start (no key frame), so readers only start at key-frame Clusters.
        var startable = opens && (_video is null || (isVideo && unit.IsKeyFrame));
        Items.Publish(new WebmItem(_header, _buffer.WrittenSpan.ToArray(), isVideo, key, startable, ms, unit.NtpTime));
    }

    /// <summary>
    /// Describes the tracks from their first frames and writes the header once all are described, at a video key frame
    /// (audio only: at an audio frame). False while the unit comes before that point.
    /// </summary>
    private bool TryStart(Unit unit, bool isVideo)
    {
        var audioNumber = _video is null ? 1 : 2;
        if (!isVideo)
        {
            if (_audioEntry is null)
            {
                _ = MatroskaTrackMapping.TryCreate(_audio!, audioNumber, unit, out _audioEntry, out _audioFraming);
            }

            if (_video is not null || _audioEntry is null)
            {
                return false;
            }

            _header = WebmWriter.Header([_audioEntry], "MediaBroker", _docType);
            return true;
        }

        if (!unit.IsKeyFrame)
        {
            return false;
        }

        if (_videoEntry is null)
        {
            _ = MatroskaTrackMapping.TryCreate(_video!, 1, unit, out _videoEntry, out _videoFraming);
        }

        if (_videoEntry is null)
        {
            return false;
        }

        if (_audio is not null && _audioEntry is null)
        {
            // Opus and AAC are described by their parameters alone; MP3 and AC-3 wait for a frame (the next key frame starts).
            _ = MatroskaTrackMapping.TryCreate(_audio, audioNumber, null, out _audioEntry, out _audioFraming);
            if (_audioEntry is null)
            {
                return false;
            }
        }

        _header = WebmWriter.Header(_audioEntry is null ? [_videoEntry] : [_videoEntry, _audioEntry], "MediaBroker", _docType);
        return true;
    }
}
