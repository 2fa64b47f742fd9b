using System.Buffers;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Streams.Segments;

/// <summary>
/// Cuts one stream's units into segments and parts of fMP4 (init + moof/mdat) or MPEG-TS, for HLS and the recorder
/// alike. Time comes only from the units' DTS on the primary track (the first one: video when there is one): a
/// segment starts at a key frame of it and ends at the first key frame at least <see cref="SegmenterOptions.SegmentDuration"/>
/// after its start; a part is written when <see cref="SegmenterOptions.PartDuration"/> has passed or
/// <see cref="SegmenterOptions.MaxPartSize"/> is reached. Synchronous and single-threaded (the reader's task).
/// </summary>
public sealed class UnitSegmenter
{
    private readonly Track[] _tracks;
    private readonly int[] _versions;
    private readonly SegmenterOptions _options;
    private readonly ISegmentSink _sink;
    private readonly bool _fmp4;
    private readonly int _primaryRate;
    private readonly long _segmentTicks;
    private readonly long _partTicks;
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private readonly Fmp4TrackInfo?[] _infos;
    private readonly MpegTsMuxer? _ts;
    private Fmp4FragmentWriter? _writer;
    private bool _started;
    private bool _partIndependent;
    private bool _forceCut;
    private long _segStart;
    private long _partStart;
    private long _partBytes;
    private long _segBytes;
    private long _lastDts;
    private DateTime? _wallClockAnchor;
    private long _wallClockAnchorDts;
    private long _lastStep;

    /// <param name="tracks">The carried tracks, primary first.</param>
    /// <param name="logger">For the MPEG-TS muxer's warnings.</param>
    public UnitSegmenter(IReadOnlyList<Track> tracks, SegmenterOptions options, ISegmentSink sink, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(options);
        if (tracks.Count == 0)
        {
            throw new ArgumentException("a segmenter needs at least one track", nameof(tracks));
        }

        _tracks = [.. tracks];
        _versions = Array.ConvertAll(_tracks, t => t.Version);
        _options = options;
        _sink = sink;
        _fmp4 = options.Format == SegmentFormat.Fmp4;
        _primaryRate = _tracks[0].ClockRate;
        _segmentTicks = (long)(options.SegmentDuration.TotalSeconds * _primaryRate);
        _partTicks = (long)(options.PartDuration.TotalSeconds * _primaryRate);
        _infos = new Fmp4TrackInfo?[_tracks.Length];
        if (!_fmp4)
        {
            _ts = new MpegTsMuxer(_tracks, logger);
        }
    }

    public IReadOnlyList<Track> Tracks => _tracks;

    /// <summary>fMP4: the init (ftyp + moov) of the current segment; empty before the first one and for MPEG-TS.</summary>
    public ReadOnlyMemory<byte> Init { get; private set; }

    /// <summary>fMP4: the track descriptions of <see cref="Init"/>, in track order; null before the first segment.</summary>
    public IReadOnlyList<Fmp4TrackInfo>? TrackInfos { get; private set; }

    /// <summary>Why the segmenter stopped on its own (parameters changed, a track fMP4 cannot describe), or null.</summary>
    public string? StopReason { get; private set; }

    /// <summary>The track fMP4 could not describe, when that is the <see cref="StopReason"/>.</summary>
    public Track? UnsupportedTrack { get; private set; }

    /// <summary>Bytes of the current segment written so far (parts, and for MPEG-TS what the next part holds).</summary>
    public long SegmentSize => _segBytes + (_fmp4 ? 0 : _buffer.WrittenCount);

    /// <summary>True while a segment is open.</summary>
    public bool InSegment => _started;

    /// <summary>Seconds of primary-track ticks.</summary>
    public double Seconds(long ticks) => ticks / (double)_primaryRate;

    /// <summary>Ends the current segment at the next primary unit (key frame or not): the segment grew too big.</summary>
    public void ForceCut() => _forceCut = true;

    /// <summary>Adds a unit; returns false when it was not taken (another track, before the first key frame, stopped).</summary>
    public bool WriteUnit(Unit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var idx = Array.IndexOf(_tracks, unit.Track);
        if (idx < 0 || StopReason is not null)
        {
            return false;
        }

        if (unit.Track.Version != _versions[idx] && !ParametersChanged(unit, idx))
        {
            return false;
        }

        if (_fmp4 && !EnsureInit(unit, idx))
        {
            return false;
        }

        var primary = idx == 0;
        if (!_started)
        {
            if (!primary || !unit.IsKeyFrame)
            {
                return false;
            }

            StartSegment(unit);
        }

        return _fmp4 ? WriteFmp4(unit, idx, primary) : WriteTs(unit, primary);
    }

    /// <summary>Writes what is held back and ends the open segment (the stream ended, or recording stops).</summary>
    public void Finish()
    {
        if (!_started)
        {
            return;
        }

        var n = _fmp4 ? _writer!.WriteFinal(_buffer) : _buffer.WrittenCount;
        EmitPart(n, _lastDts + _lastStep);
        _started = false;
        _sink.SegmentEnded(Seconds(_lastDts + _lastStep - _segStart));
    }

    private bool WriteFmp4(Unit unit, int idx, bool primary)
    {
        if (!_writer!.Add(idx, unit))
        {
            return false;
        }

        _partBytes += unit.PayloadSize;
        if (!primary)
        {
            return true;
        }

        Step(unit.Dts);
        if (ShouldCutSegment(unit))
        {
            FlushPart(unit.Dts, unit.IsKeyFrame);
            _sink.SegmentEnded(Seconds(unit.Dts - _segStart));
            StartSegment(unit);
        }
        else if (unit.Dts - _partStart >= _partTicks || (_options.MaxPartSize > 0 && _partBytes >= _options.MaxPartSize))
        {
            FlushPart(unit.Dts, unit.IsKeyFrame);
        }

        return true;
    }

    private bool WriteTs(Unit unit, bool primary)
    {
        if (primary && SegmentSize > 0)
        {
            if (ShouldCutSegment(unit))
            {
                FlushPart(unit.Dts, true);
                _sink.SegmentEnded(Seconds(unit.Dts - _segStart));
                StartSegment(unit);
                if (!unit.IsVideo)
                {
                    // Video key frames bring PAT/PMT; an audio-only segment must start with them too.
                    _ts!.WriteTables(_buffer);
                }
            }
            else if (unit.Dts - _partStart >= _partTicks || (_options.MaxPartSize > 0 && _buffer.WrittenCount >= _options.MaxPartSize))
            {
                FlushPart(unit.Dts, unit.IsKeyFrame);
            }
        }

        if (primary)
        {
            Step(unit.Dts);
        }

        return _ts!.WriteUnit(unit, _buffer);
    }

    private void Step(long dts)
    {
        if (dts > _lastDts)
        {
            _lastStep = dts - _lastDts;
            _lastDts = dts;
        }
    }

    /// <summary>A track's parameters changed: false when the unit must be dropped.</summary>
    private bool ParametersChanged(Unit unit, int idx)
    {
        if (_options.NewSegmentOnParameterChange)
        {
            Finish();
            if (_fmp4)
            {
                // The init describes the old parameters: the next segment gets a new one.
                _writer = null;
                Array.Clear(_infos);
            }
        }
        else if (_fmp4 && _writer is not null)
        {
            StopReason = $"the parameters of track {unit.Track.Id} ({unit.Track.Codec.Name}) changed";
            return false;
        }

        _versions[idx] = unit.Track.Version;
        return true;
    }

    private bool ShouldCutSegment(Unit unit) =>
        _forceCut || (unit.IsKeyFrame && unit.Dts - _segStart >= _segmentTicks);

    private void StartSegment(Unit unit)
    {
        _started = true;
        _segStart = _partStart = _lastDts = unit.Dts;
        _segBytes = 0;
        _partBytes = 0;
        _forceCut = false;
        _partIndependent = true;
        if (_fmp4 && _options.SegmentTimelineFromZero)
        {
            for (var i = 0; i < _infos.Length; i++)
            {
                _writer!.SetDecodeTimeOrigin(i, Fmp4Time.Rescale(unit.Dts, _primaryRate, _infos[i]!.Timescale));
            }
        }

        _sink.SegmentStarted(unit.Dts, WallClockOf(unit));
    }

    /// <summary>
    /// A segment's wall-clock start, from the media timeline: the first segment's capture time plus the DTS elapsed
    /// since. Receive times jitter (a publisher's first frames arrive in a burst), and segments whose starts came from
    /// them would overlap or leave gaps, so playback could not join them. More than 2 s away from the units' own
    /// clock (a drifting source clock) re-anchors.
    /// </summary>
    private DateTime WallClockOf(Unit unit)
    {
        if (_wallClockAnchor is { } anchor)
        {
            var derived = anchor.AddTicks((long)((unit.Dts - _wallClockAnchorDts) * (double)TimeSpan.TicksPerSecond / _primaryRate));
            if ((derived - unit.NtpTime).Duration() <= TimeSpan.FromSeconds(2))
            {
                return derived;
            }
        }

        _wallClockAnchor = unit.NtpTime;
        _wallClockAnchorDts = unit.Dts;
        return unit.NtpTime;
    }

    private void FlushPart(long endDts, bool nextIndependent)
    {
        var n = _buffer.WrittenCount;
        if (_fmp4)
        {
            _buffer.ResetWrittenCount();
            n = _writer!.Write(_buffer);
        }

        EmitPart(n, endDts);
        _partIndependent = nextIndependent;
    }

    private void EmitPart(int n, long endDts)
    {
        if (n > 0)
        {
            _sink.PartWritten(_buffer.WrittenSpan, Seconds(endDts - _partStart), _partIndependent);
            _segBytes += n;
        }

        _buffer.ResetWrittenCount();
        _partStart = endDts;
        _partBytes = 0;
    }

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
                UnsupportedTrack = _tracks[i];
                StopReason = $"track {_tracks[i].Id} ({_tracks[i].Codec.Name}) cannot be described in fMP4";
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
        Init = Fmp4InitWriter.Build(infos);
        TrackInfos = infos;
        return true;
    }
}
