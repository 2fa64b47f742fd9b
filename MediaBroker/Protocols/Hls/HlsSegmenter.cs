using System.Buffers;
using System.Collections.Immutable;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// Cuts one stream into HLS segments (and, for fMP4, parts) and publishes them as <see cref="HlsSnapshot"/>s. Time
/// comes only from the units' DTS on the primary track (video when there is one, else audio): a segment ends at the
/// first key frame at least <see cref="HlsServerOptions.SegmentDuration"/> after its start, a part when
/// <see cref="HlsServerOptions.PartDuration"/> has passed. Synchronous and single-threaded (the muxer task), so it can
/// be tested by feeding units.
/// </summary>
internal sealed class HlsSegmenter
{
    private readonly string _path;
    private readonly HlsServerOptions _options;
    private readonly ILogger _logger;
    private readonly Track[] _tracks;
    private readonly int[] _versions;
    private readonly bool _fmp4;
    private readonly long _segmentTicks;
    private readonly long _partTicks;
    private readonly double _clockRate;
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private readonly List<HlsPart> _parts = new(16);
    private readonly Fmp4TrackInfo?[] _infos;
    private readonly MpegTsMuxer? _ts;
    private Fmp4FragmentWriter? _writer;
    private ReadOnlyMemory<byte> _init;
    private ImmutableArray<HlsSegment> _segments = [];
    private HlsStreamInfo? _info;
    private bool _started;
    private bool _partIndependent;
    private bool _forceCut;
    private long _segStart;
    private long _partStart;
    private DateTime _segNtp;
    private long _msn;
    private long _nextPartId;
    private long _segSize;
    private int _segFrames;
    private int _target = 1;
    private double _partTarget;

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
        _tracks = [.. tracks];
        _versions = Array.ConvertAll(_tracks, t => t.Version);
        _fmp4 = options.Variant != HlsVariant.MpegTs;
        _clockRate = _tracks[0].ClockRate;
        _segmentTicks = (long)(options.SegmentDuration.TotalSeconds * _clockRate);
        _partTicks = (long)(options.PartDuration.TotalSeconds * _clockRate);
        _partTarget = options.PartDuration.TotalSeconds;
        _infos = new Fmp4TrackInfo?[_tracks.Length];
        if (!_fmp4)
        {
            _ts = new MpegTsMuxer(_tracks, logger);
        }
    }

    public HlsSnapshotSource Output { get; }

    public IReadOnlyList<Track> Tracks => _tracks;

    /// <summary>Why the segmenter stopped on its own (codec parameters changed mid-stream), or null.</summary>
    public string? StopReason { get; private set; }

    public void WriteUnit(Unit unit)
    {
        var idx = Array.IndexOf(_tracks, unit.Track);
        if (idx < 0 || StopReason is not null)
        {
            return;
        }

        if (unit.Track.Version != _versions[idx])
        {
            if (_fmp4 && _writer is not null)
            {
                // The init segment describes the old parameters: players must start over with a new muxer.
                Stop($"the parameters of track {unit.Track.Id} ({unit.Track.Codec.Name}) changed");
                return;
            }

            _versions[idx] = unit.Track.Version;
        }

        if (_fmp4 && !EnsureInit(unit, idx))
        {
            return;
        }

        var primary = idx == 0;
        if (!_started)
        {
            if (!primary || !unit.IsKeyFrame)
            {
                return;
            }

            _started = true;
            _segStart = _partStart = unit.Dts;
            _segNtp = unit.NtpTime;
            _partIndependent = true;
        }

        if (_fmp4)
        {
            if (!_writer!.Add(idx, unit) || !primary)
            {
                return;
            }

            if (ShouldCutSegment(unit))
            {
                FlushPart(unit.Dts, unit.IsKeyFrame);
                FinishSegment(unit.Dts, unit.NtpTime);
            }
            else if (unit.Dts - _partStart >= _partTicks)
            {
                FlushPart(unit.Dts, unit.IsKeyFrame);
                Publish();
            }
        }
        else
        {
            if (primary && ShouldCutSegment(unit))
            {
                FinishSegment(unit.Dts, unit.NtpTime);
                if (!unit.IsVideo)
                {
                    // Video key frames bring PAT/PMT; an audio-only segment must start with them too.
                    _ts!.WriteTables(_buffer);
                }
            }

            _ts!.WriteUnit(unit, _buffer);
            _segSize = _buffer.WrittenCount;
        }

        if (primary && unit.IsVideo)
        {
            _segFrames++;
        }

        if (_segSize > _options.SegmentMaxSize && !_forceCut)
        {
            HlsLog.SegmentTooBig(_logger, _path, _options.SegmentMaxSize);
            _forceCut = true;
        }
    }

    /// <summary>The stream ended: waiters are released and see <see cref="HlsSnapshot.Ended"/>.</summary>
    public void End() => Output.Publish(Output.Current with { Ended = true });

    private void Stop(string reason)
    {
        StopReason = reason;
        End();
    }

    private bool ShouldCutSegment(Unit unit) =>
        _forceCut || (unit.IsKeyFrame && unit.Dts - _segStart >= _segmentTicks);

    private bool EnsureInit(Unit unit, int idx)
    {
        if (_writer is not null)
        {
            return true;
        }

        var ready = true;
        for (var i = 0; i < _tracks.Length; i++)
        {
            if (_infos[i] is not null)
            {
                continue;
            }

            _versions[i] = _tracks[i].Version;
            var status = Fmp4TrackInfo.TryCreate(i + 1, _tracks[i].Codec, i == idx ? unit : null, out var info);
            if (status == Fmp4TrackStatus.Unsupported)
            {
                HlsLog.TrackUnsupported(_logger, _path, _tracks[i].Id, _tracks[i].Codec.Name);
                Stop($"track {_tracks[i].Id} ({_tracks[i].Codec.Name}) cannot be described in fMP4");
                return false;
            }

            _infos[i] = info;
            ready &= info is not null;
        }

        if (!ready)
        {
            return false;
        }

        var infos = Array.ConvertAll(_infos, i => i!);
        _writer = new Fmp4FragmentWriter(infos);
        _init = Fmp4InitWriter.Build(infos);
        var video = Array.Find(infos, i => i.IsVideo);
        _info = new HlsStreamInfo(string.Join(',', infos.Select(i => i.CodecsString)), video?.Width ?? 0, video?.Height ?? 0);
        return true;
    }

    private void FlushPart(long endDts, bool nextIndependent)
    {
        _buffer.ResetWrittenCount();
        var n = _writer!.Write(_buffer);
        if (n > 0)
        {
            var part = new HlsPart(_nextPartId++, _msn, _parts.Count, Seconds(endDts - _partStart), _partIndependent, _buffer.WrittenSpan.ToArray());
            _parts.Add(part);
            _segSize += n;
            _partTarget = Math.Max(_partTarget, part.Duration);
        }

        _partStart = endDts;
        _partIndependent = nextIndependent;
    }

    private void FinishSegment(long endDts, DateTime nextNtp)
    {
        ImmutableArray<ReadOnlyMemory<byte>> chunks;
        if (_fmp4)
        {
            var b = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>(_parts.Count);
            foreach (var p in _parts)
            {
                b.Add(p.Data);
            }

            chunks = b.MoveToImmutable();
        }
        else
        {
            chunks = [_buffer.WrittenSpan.ToArray()];
            _buffer.ResetWrittenCount();
            _info ??= TsStreamInfo();
        }

        var segment = new HlsSegment(_msn, _segNtp, Seconds(endDts - _segStart), [.. _parts], chunks, _segSize, _segFrames);
        _segments = _segments.Add(segment);
        if (_segments.Length > _options.SegmentCount + 1)
        {
            _segments = _segments.RemoveAt(0);
        }

        // RFC 8216 §4.3.3.1: every EXTINF rounded to the nearest integer must not exceed the target duration.
        _target = Math.Max(_target, (int)Math.Round(segment.Duration, MidpointRounding.AwayFromZero));
        _msn++;
        _parts.Clear();
        _segStart = endDts;
        _partStart = endDts;
        _segNtp = nextNtp;
        _segSize = 0;
        _segFrames = 0;
        _forceCut = false;
        Publish();
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
        Next = Task.CompletedTask,
    });

    private HlsStreamInfo TsStreamInfo()
    {
        var codecs = new List<string>(_tracks.Length);
        int width = 0, height = 0;
        foreach (var t in _tracks)
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

    private double Seconds(long ticks) => ticks / _clockRate;
}
