using System.Buffers;
using System.Collections.Immutable;
using MediaBroker.Codecs;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Media;
using MediaBroker.Streams.Segments;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// Turns one stream into HLS segments (and, for fMP4, parts) published as <see cref="HlsSnapshot"/>s. The cutting
/// and packaging is the shared <see cref="UnitSegmenter"/> (the recorder uses it too): a segment ends at the first
/// key frame at least <see cref="HlsServerOptions.SegmentDuration"/> after its start, a part when
/// <see cref="HlsServerOptions.PartDuration"/> has passed. This class keeps the playlist side: parts and segments
/// with their ids, target durations, the sliding window. Synchronous and single-threaded (the muxer task), so it can
/// be tested by feeding units.
/// </summary>
internal sealed class HlsSegmenter : ISegmentSink
{
    private readonly string _path;
    private readonly HlsServerOptions _options;
    private readonly ILogger _logger;
    private readonly UnitSegmenter _cutter;
    private readonly bool _fmp4;
    private readonly List<HlsPart> _parts = new(16);
    private readonly ArrayBufferWriter<byte> _tsSegment = new(256 * 1024);
    private ReadOnlyMemory<byte> _init;
    private ImmutableArray<HlsSegment> _segments = [];
    private HlsStreamInfo? _info;
    private bool _dirty;
    private bool _tooBig;
    private DateTime _segNtp;
    private long _msn;
    private long _nextPartId;
    private int _segFrames;
    private int _target = 1;
    private double _partTarget;
    private long _segMediaTime;
    private long[] _trackBytes = [];
    private DateTime _mediaTimeZero;

    /// <param name="tracks">The carried tracks, primary first (see <see cref="HlsTrackSelection"/>).</param>
    public HlsSegmenter(string path, IReadOnlyList<Track> tracks, HlsServerOptions options, HlsSnapshotSource output, ILogger logger)
    {
        if (tracks.Count == 0)
        {
            throw new ArgumentException("HLS needs at least one track", nameof(tracks));
        }

        _path = path;
        _options = options;
        _logger = logger;
        Output = output;
        _fmp4 = options.Variant != HlsVariant.MpegTs;
        _partTarget = options.PartDuration.TotalSeconds;
        _cutter = new UnitSegmenter(tracks, new SegmenterOptions
        {
            Format = _fmp4 ? SegmentFormat.Fmp4 : SegmentFormat.MpegTs,
            SegmentDuration = options.SegmentDuration,
            PartDuration = options.PartDuration,
        }, this, logger);
    }

    public HlsSnapshotSource Output { get; }

    public IReadOnlyList<Track> Tracks => _cutter.Tracks;

    /// <summary>Why the segmenter stopped on its own (codec parameters changed mid-stream), or null.</summary>
    public string? StopReason { get; private set; }

    public void WriteUnit(Unit unit)
    {
        if (StopReason is not null)
        {
            return;
        }

        if (!_cutter.WriteUnit(unit))
        {
            if (_cutter.StopReason is { } stop)
            {
                if (_cutter.UnsupportedTrack is { } t)
                {
                    HlsLog.TrackUnsupported(_logger, _path, t.Id, t.Codec.Name);
                }

                // The init segment describes the old parameters: players must start over with a new muxer.
                Stop(stop);
            }

            return;
        }

        if (unit.Track == _cutter.Tracks[0] && unit.IsVideo)
        {
            _segFrames++;
        }

        if (_fmp4)
        {
            var idx = IndexOf(unit.Track);
            if (idx >= 0 && idx < _trackBytes.Length)
            {
                _trackBytes[idx] += unit.PayloadSize;
            }
        }

        if (_dirty)
        {
            _dirty = false;
            Publish();
        }

        if (_cutter.SegmentSize > _options.SegmentMaxSize && !_tooBig)
        {
            HlsLog.SegmentTooBig(_logger, _path, _options.SegmentMaxSize);
            _tooBig = true;
            _cutter.ForceCut();
        }
    }

    /// <summary>The stream ended: waiters are released and see <see cref="HlsSnapshot.Ended"/>.</summary>
    public void End() => Output.Publish(Output.Current with { Ended = true });

    void ISegmentSink.SegmentStarted(long dts, DateTime ntp)
    {
        _segNtp = ntp;
        if (_fmp4)
        {
            _init = _cutter.Init;
            _info ??= FromInfos(_cutter.TrackInfos!, _init.Span);
            if (_trackBytes.Length != _cutter.Tracks.Count)
            {
                _trackBytes = new long[_cutter.Tracks.Count];
            }
            var rate = _cutter.Tracks[0].ClockRate;
            _segMediaTime = Fmp4Time.Rescale(dts, rate, _info.Timescale);
            if (_mediaTimeZero == default)
            {
                // The segment starts now: media time 0 was dts ticks ago. Fixed for the muxer's life (DASH clients
                // compute every segment's availability from it).
                _mediaTimeZero = DateTime.UtcNow.AddTicks(-(long)(dts * (double)TimeSpan.TicksPerSecond / rate));
            }
        }
    }

    void ISegmentSink.PartWritten(ReadOnlySpan<byte> data, double duration, bool independent)
    {
        if (!_fmp4)
        {
            _tsSegment.Write(data);
            return;
        }

        var part = new HlsPart(_nextPartId++, _msn, _parts.Count, duration, independent, data.ToArray());
        _parts.Add(part);
        _partTarget = Math.Max(_partTarget, part.Duration);
        _dirty = true;
    }

    void ISegmentSink.SegmentEnded(double duration)
    {
        ImmutableArray<ReadOnlyMemory<byte>> chunks;
        if (_fmp4)
        {
            chunks = [.. _parts.Select(p => p.Data)];
        }
        else
        {
            // One chunk per MPEG-TS segment, as players fetch it whole.
            chunks = [_tsSegment.WrittenSpan.ToArray()];
            _tsSegment.ResetWrittenCount();
            _info ??= TsStreamInfo();
        }

        var mediaDuration = _info is { Timescale: > 0 } i ? (long)Math.Round(duration * i.Timescale) : 0;
        var segment = new HlsSegment(_msn, _segNtp, duration, [.. _parts], chunks, _cutter.SegmentSize, _segFrames, _segMediaTime, mediaDuration,
            [.. _trackBytes]);
        Array.Clear(_trackBytes);
        _segments = _segments.Add(segment);
        if (_segments.Length > _options.SegmentCount + 1)
        {
            _segments = _segments.RemoveAt(0);
        }

        // RFC 8216 §4.3.3.1: every EXTINF rounded to the nearest integer must not exceed the target duration.
        _target = Math.Max(_target, (int)Math.Round(segment.Duration, MidpointRounding.AwayFromZero));
        _msn++;
        _parts.Clear();
        _segFrames = 0;
        _tooBig = false;
        _dirty = true;
    }

    private void Stop(string reason)
    {
        StopReason = reason;
        End();
    }

    private void Publish() => Output.Publish(new HlsSnapshot
    {
        Init = _init,
        Segments = _segments,
        CurrentParts = [.. _parts],
        CurrentMsn = _msn,
        CurrentProgramDateTime = _segNtp,
        NextPartId = _nextPartId,
        TargetDuration = _target,
        PartTarget = _partTarget,
        Info = _info,
        MediaTimeZero = _mediaTimeZero,
        Next = Task.CompletedTask,
    });

    private int IndexOf(Track track)
    {
        var tracks = _cutter.Tracks;
        for (var i = 0; i < tracks.Count; i++)
        {
            if (tracks[i] == track)
            {
                return i;
            }
        }

        return -1;
    }

    private static HlsStreamInfo FromInfos(IReadOnlyList<Fmp4TrackInfo> infos, ReadOnlySpan<byte> init)
    {
        var video = infos.FirstOrDefault(i => i.IsVideo);
        var tracks = ImmutableArray.CreateBuilder<DashTrack>(infos.Count);
        for (var i = 0; i < infos.Count; i++)
        {
            var t = infos[i];
            var w = new ArrayBufferWriter<byte>(init.Length);
            if (Fmp4TrackExtractor.TryExtractInit(init, t.TrackId, w))
            {
                tracks.Add(new DashTrack(i, t.TrackId, t.IsVideo, t.CodecsString, t.Width, t.Height, t.SampleRate, w.WrittenSpan.ToArray()));
            }
        }

        return new HlsStreamInfo(string.Join(',', infos.Select(i => i.CodecsString)), video?.Width ?? 0, video?.Height ?? 0,
            infos[0].Timescale, tracks.ToImmutable());
    }

    private HlsStreamInfo TsStreamInfo()
    {
        var codecs = new List<string>(_cutter.Tracks.Count);
        int width = 0, height = 0;
        foreach (var t in _cutter.Tracks)
        {
            if (Fmp4TrackInfo.TryCreate(1, t.Codec, default(ReadOnlySpan<byte>), out var info) == Fmp4TrackStatus.Ready)
            {
                codecs.Add(info!.CodecsString);
                if (info.IsVideo)
                {
                    (width, height) = (info.Width, info.Height);
                }
            }
            else
            {
                codecs.Add(t.Codec switch
                {
                    Mpeg12AudioCodec => "mp4a.40.34",
                    OpusCodec => "opus",
                    H265Codec => "hvc1.1.6.L93.B0",
                    _ => "avc1.42e01e",
                });
            }
        }

        return new HlsStreamInfo(string.Join(',', codecs), width, height);
    }
}
