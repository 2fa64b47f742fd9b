using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Amf;
using MediaBroker.Media;

namespace MediaBroker.Formats.Flv;

/// <summary>
/// Turns an FLV tag sequence (an RTMP publish, an FLV file) into tracks and units. Tags are held back until
/// the tracks are known: the sequence headers named by onMetaData have arrived, or, without metadata, both
/// kinds of media were seen or a second of media passed. Not thread-safe: one publisher task feeds it.
/// </summary>
public sealed partial class FlvDemuxer
{
    /// <summary>Without metadata, decide the tracks after this much media.</summary>
    private const long ProbeWindowMs = 1000;

    /// <summary>Tags held while probing; more means the publisher sends media nobody can describe.</summary>
    private const int MaxPendingTags = 2048;

    private readonly List<(FlvTagType Type, long Ms, ReadOnlyMemory<byte> Body)> _pending = [];
    private bool _expectVideo = true;
    private bool _expectAudio = true;
    private bool _hasMetadata;
    private Codec? _videoCodec;
    private Codec? _audioCodec;
    private int _videoLengthSize = 4;
    private Track? _videoTrack;
    private Track? _audioTrack;
    private long _firstMs = -1;
    private uint _lastTimestamp;
    private long _lastMs;
    private bool _started;

    public bool TracksReady => Tracks is not null;

    /// <summary>The tracks (video first), once <see cref="TracksReady"/>.</summary>
    public IReadOnlyList<Track>? Tracks { get; private set; }

    /// <summary>
    /// Applies onMetaData: a stream that declares only video (or only audio) is ready as soon as that
    /// codec is known. Enhanced RTMP writes FourCCs as numbers; any non-zero codec id counts.
    /// </summary>
    public void SetMetadata(AmfObject metadata)
    {
        if (TracksReady)
        {
            return;
        }

        _hasMetadata = true;
        _expectVideo = IsDeclared(metadata["videocodecid"]);
        _expectAudio = IsDeclared(metadata["audiocodecid"]);
        if (!_expectVideo && !_expectAudio)
        {
            // Metadata without codec ids (some encoders): fall back to probing.
            _hasMetadata = false;
            _expectVideo = _expectAudio = true;
        }
    }

    /// <summary>
    /// Feeds one tag. Units that become available (possibly several, when probing ends) are appended to
    /// <paramref name="output"/>. Throws <see cref="FlvProtocolException"/> on malformed or unsupported media.
    /// </summary>
    public void Push(FlvTagType type, uint timestamp, ReadOnlyMemory<byte> body, List<Unit> output)
    {
        if (type is not (FlvTagType.Audio or FlvTagType.Video) || body.IsEmpty)
        {
            return;
        }

        var ms = Unwrap(timestamp);
        if (TracksReady)
        {
            Convert(type, ms, body, output);
            return;
        }

        Probe(type, body);
        _pending.Add((type, ms, body));
        if (_firstMs < 0)
        {
            _firstMs = ms;
        }

        var videoDone = !_expectVideo || _videoCodec is not null;
        var audioDone = !_expectAudio || _audioCodec is not null;
        var timedOut = !_hasMetadata && ms - _firstMs >= ProbeWindowMs && (_videoCodec is not null || _audioCodec is not null);
        if ((videoDone && audioDone && (_videoCodec is not null || _audioCodec is not null)) || timedOut)
        {
            Finish(output);
        }
        else if (_pending.Count > MaxPendingTags)
        {
            throw new FlvProtocolException("no decodable track found in the first tags (missing sequence headers?)");
        }
    }

    private static bool IsDeclared(object? codecId) => codecId switch
    {
        double d => d != 0,
        string s => s.Length != 0,
        _ => false,
    };

    /// <summary>32-bit millisecond timestamps, unwrapped; small backward steps (interleaving) stay backward.</summary>
    private long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _lastTimestamp = timestamp;
            _lastMs = timestamp;
            return timestamp;
        }

        _lastMs += (int)(timestamp - _lastTimestamp);
        _lastTimestamp = timestamp;
        return _lastMs;
    }

    private void Finish(List<Unit> output)
    {
        var tracks = new List<Track>(2);
        if (_videoCodec is not null)
        {
            _videoTrack = new Track(tracks.Count, _videoCodec);
            tracks.Add(_videoTrack);
        }

        if (_audioCodec is not null)
        {
            _audioTrack = new Track(tracks.Count, _audioCodec);
            tracks.Add(_audioTrack);
        }

        Tracks = tracks;
        foreach (var (type, ms, body) in _pending)
        {
            Convert(type, ms, body, output);
        }

        _pending.Clear();
        _pending.TrimExcess();
    }
}
