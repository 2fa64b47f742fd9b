using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Formats.Flv;

namespace MediaBroker.Streams.Flv;

/// <summary>
/// Serializes a stream's units as FLV tag bodies once, for every FLV/RTMP reader (register with
/// <c>stream.GetOrAddEncoder(new FlvEncoderKey())</c>). It carries the
/// first video and the first audio track FLV can hold. A new reader gets the current headers (onMetaData,
/// sequence headers) from <see cref="Subscribe"/>, then the cached group of pictures and live tags; parameter
/// changes are sent in-band as new sequence headers.
/// </summary>
public sealed class FlvStreamEncoder : IStreamEncoder
{
    private const int GopCacheLimit = 1024;

    private readonly Lock _gate = new();
    private readonly Fanout<FlvTagItem> _fanout;
    private readonly Track? _video;
    private readonly Track? _audio;
    private int _videoVersion = -1;
    private int _audioVersion = -1;
    private readonly FlvTagItem _metadata;
    private FlvTagItem? _videoHeader;
    private FlvTagItem? _audioHeader;

    private EncoderPriming? _priming;

    public FlvStreamEncoder(MediaStream stream)
    {
        foreach (var track in stream.Tracks)
        {
            if (!FlvMuxer.CanCarry(track.Codec))
            {
                continue;
            }

            if (track.Kind == MediaKind.Video)
            {
                _video ??= track;
            }
            else if (track.Kind == MediaKind.Audio)
            {
                _audio ??= track;
            }
        }

        _fanout = new Fanout<FlvTagItem>(_video is not null ? GopCacheLimit : 0);
        _metadata = new FlvTagItem(FlvTagType.Script, 0, FlvMuxer.BuildMetadata(_video?.Codec, _audio?.Codec), false, true, true);
        RefreshHeaders(0, publish: false);
        if (_video is not null)
        {
            _priming = EncoderPriming.Start(stream, "flv encoder priming", Encode);
        }
    }

    /// <summary>The video track carried, if any.</summary>
    public Track? VideoTrack => _video;

    /// <summary>The audio track carried, if any.</summary>
    public Track? AudioTrack => _audio;

    /// <summary>False when the stream has no track FLV can carry: readers should be refused.</summary>
    public bool HasTracks => _video is not null || _audio is not null;

    /// <summary>
    /// Adds a reader. <paramref name="headers"/> receives what it must send before any queued item:
    /// onMetaData and the known sequence headers.
    /// </summary>
    public ReaderQueue<FlvTagItem> Subscribe(ReaderQueueOptions options, out FlvTagItem[] headers)
    {
        lock (_gate)
        {
            headers = CurrentHeaders();
            return _fanout.Subscribe(options);
        }
    }

    public void Unsubscribe(ReaderQueue<FlvTagItem> queue) => _fanout.Unsubscribe(queue);

    public void Write(Unit unit)
    {
        if (_priming is { } priming)
        {
            _priming = null;
            if (priming.Finish(unit, Encode))
            {
                return;
            }
        }

        Encode(unit);
    }

    /// <summary>The stream ended (its unit fan-out, priming included, completes on its own).</summary>
    public void Complete() => _fanout.Complete();

    private void Encode(Unit unit)
    {
        var track = unit.Track;
        if (track != _video && track != _audio)
        {
            return;
        }

        var ms = (uint)(unit.Dts * 1000 / track.ClockRate);
        if (track.Version != (track == _video ? _videoVersion : _audioVersion))
        {
            RefreshHeaders(ms, publish: true);
        }

        if (track == _video && _videoHeader is null && track.Codec is not (Vp9Codec or Av1Codec))
        {
            return; // a decoder cannot use frames before their parameter sets
        }

        // A unit from an FLV publisher may carry its tag body, already what the muxer would write: shared, not copied.
        var body = unit.FlvBody.IsEmpty ? FlvMuxer.EncodeUnit(unit) : unit.FlvBody;
        if (body.IsEmpty)
        {
            return;
        }

        var isVideo = track == _video;
        _fanout.Publish(new FlvTagItem(isVideo ? FlvTagType.Video : FlvTagType.Audio, ms, body, isVideo, unit.IsKeyFrame, false, unit.NtpTime));
    }

    private FlvTagItem[] CurrentHeaders()
    {
        var count = 1 + (_videoHeader is null ? 0 : 1) + (_audioHeader is null ? 0 : 1);
        var headers = new FlvTagItem[count];
        var i = 0;
        headers[i++] = _metadata;
        if (_videoHeader is not null)
        {
            headers[i++] = _videoHeader;
        }

        if (_audioHeader is not null)
        {
            headers[i] = _audioHeader;
        }

        return headers;
    }

    /// <summary>Rebuilds the sequence headers of tracks whose parameters changed; publishes them in-band.</summary>
    private void RefreshHeaders(uint ms, bool publish)
    {
        lock (_gate)
        {
            if (_video is not null && _video.Version != _videoVersion)
            {
                _videoVersion = _video.Version;
                var body = FlvMuxer.BuildSequenceHeader(_video.Codec);
                if (body is not null)
                {
                    _videoHeader = new FlvTagItem(FlvTagType.Video, ms, body, false, true, true);
                    if (publish)
                    {
                        _fanout.Publish(_videoHeader);
                    }
                }
            }

            if (_audio is not null && _audio.Version != _audioVersion)
            {
                _audioVersion = _audio.Version;
                var body = FlvMuxer.BuildSequenceHeader(_audio.Codec);
                if (body is not null)
                {
                    _audioHeader = new FlvTagItem(FlvTagType.Audio, ms, body, false, true, true);
                    if (publish)
                    {
                        _fanout.Publish(_audioHeader);
                    }
                }
            }
        }
    }
}
