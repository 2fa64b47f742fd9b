using System.Text;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Formats.MpegTs;

// Program tables, track announcement and the units held until then.
public sealed partial class MpegTsDemuxer
{
    /// <summary>
    /// Elementary streams tracked from one PMT; the rest are ignored with a log line. A PMT section (1 KB) can list
    /// about 200, each of which could hold a PES buffer and become a track: real programs carry a handful.
    /// </summary>
    public const int MaxElementaryStreams = 32;

    /// <summary>PES bytes all streams may buffer together beyond 4 KB each: two PES of the largest size accepted.</summary>
    public const int MaxBufferedPesBytes = 2 * TsElementaryStream.MaxPesSize;

    private readonly TsPesBudget _pesBudget = new(MaxBufferedPesBytes);
    private readonly List<TsElementaryStream> _streams = [];
    private readonly List<TsPmtStream> _pmtScratch = [];
    private readonly List<PendingUnit> _pending = [];
    private int _pmtPid = -1;
    private int _pmtVersion = -1;
    private long _firstPendingTime90 = long.MinValue;
    private long _pendingBytes;

    /// <summary>PES buffer bytes taken from the shared budget (beyond each stream's first 4 KB).</summary>
    internal long BufferedPesBytes => MaxBufferedPesBytes - _pesBudget.Available;

    void ISectionSink.OnSection(int pid, ReadOnlySpan<byte> section)
    {
        try
        {
            if (pid == TsProgramTables.PatPid)
            {
                // The first program is the one of section 0; later sections (a PAT of thousands of programs) only
                // name it when section 0 had none, so they cannot move the demuxer from program to program.
                var pmtPid = TsProgramTables.ReadFirstProgramPid(section, out _, out var sectionNumber);
                if (pmtPid > 0 && pmtPid != _pmtPid && Tracks is null && (sectionNumber == 0 || _pmtPid < 0))
                {
                    _pmtPid = pmtPid;
                    _pmtVersion = -1;
                    _pmtAssembler.Reset();
                }
            }
            else if (pid == _pmtPid)
            {
                OnPmt(section);
            }
        }
        catch (MpegTsProtocolException ex)
        {
            PesErrors++;
            LogMalformed(pid, ex.Message);
        }
    }

    private void OnPmt(ReadOnlySpan<byte> section)
    {
        TsProgramTables.ReadPmt(section, _pmtScratch, out var version);
        if (version == _pmtVersion)
        {
            return;
        }

        if (Tracks is not null)
        {
            // A new program layout mid-stream would change the tracks under the readers' feet.
            if (_logger is not null)
            {
                MpegTsLog.ProgramChanged(_logger, version);
            }

            _pmtVersion = version;
            return;
        }

        _pmtVersion = version;
        foreach (var es in _streams)
        {
            _byPid[es.Pid] = null;
            es.Release();
        }

        _streams.Clear();
        _pending.Clear();
        _pendingBytes = 0;
        _firstPendingTime90 = long.MinValue;
        foreach (var s in _pmtScratch)
        {
            if (_streams.Count == MaxElementaryStreams)
            {
                if (_logger is not null)
                {
                    MpegTsLog.TooManyStreams(_logger, _pmtScratch.Count, MaxElementaryStreams);
                }

                break;
            }

            if (TsStreamTypes.KindOf(s) is not { } kind || _byPid[s.Pid] is not null || s.Pid == _pmtPid || s.Pid == TsProgramTables.PatPid)
            {
                if (_logger is not null)
                {
                    MpegTsLog.UnsupportedStream(_logger, s.StreamType, s.Pid);
                }

                continue;
            }

            var es = new TsElementaryStream(s.Pid, s.StreamType, kind, s.OpusChannelConfig is >= 1 and <= 8 ? s.OpusChannelConfig : 2, _pesBudget);
            es.Codec = kind switch
            {
                // These need nothing from the bitstream to be described.
                TsStreamKind.Opus => new OpusCodec(es.OpusChannels),
                TsStreamKind.Mpeg12Video => new Mpeg12VideoCodec(),
                TsStreamKind.Mpeg4Video => new Mpeg4VideoCodec(null),
                TsStreamKind.MpegAudio => new Mpeg12AudioCodec(),
                TsStreamKind.Klv => new GenericCodec(96, "smpte336m/90000", null, 90000),
                _ => null,
            };
            _streams.Add(es);
            _byPid[s.Pid] = es;
        }
    }

    /// <summary>Delivers a unit, or holds it until the tracks are announced.</summary>
    private void Emit(TsElementaryStream es, long pts, long dts, bool key, ReadOnlyMemory<byte>[] payloads, long time90)
    {
        if (es.IsVideo && es.WaitingForKey)
        {
            if (!key)
            {
                return;
            }

            es.WaitingForKey = false;
        }

        if (Tracks is not null)
        {
            if (es.Track is { } track)
            {
                _onUnit(new Unit { Track = track, Pts = pts, Dts = dts, IsRandomAccess = key, Payloads = payloads, NtpTime = DateTime.UtcNow });
            }

            return;
        }

        if (es.Codec is null)
        {
            return;
        }

        _pending.Add(new PendingUnit(es, pts, dts, key, payloads, DateTime.UtcNow));
        foreach (var p in payloads)
        {
            _pendingBytes += p.Length;
        }

        if (_firstPendingTime90 == long.MinValue)
        {
            _firstPendingTime90 = time90;
        }

        var timedOut = time90 - _firstPendingTime90 > (long)(_options.AnnounceTimeout.TotalSeconds * 90000)
            || _pending.Count >= _options.MaxPendingUnits || _pendingBytes >= _options.MaxPendingBytes;
        Announce(force: timedOut);
    }

    /// <summary>Announces when every stream is described, or (forced) the streams that are.</summary>
    private void Announce(bool force)
    {
        if (Tracks is not null || _streams.Count == 0)
        {
            return;
        }

        var ready = 0;
        foreach (var es in _streams)
        {
            ready += es.Codec is null ? 0 : 1;
        }

        if (ready == 0 || (ready < _streams.Count && !force))
        {
            return;
        }

        var tracks = new List<Track>(ready);
        var names = new StringBuilder();
        foreach (var es in _streams)
        {
            if (es.Codec is null)
            {
                if (_logger is not null)
                {
                    MpegTsLog.StreamNotReady(_logger, es.Pid);
                }

                continue;
            }

            es.Track = new Track(tracks.Count, es.Codec);
            tracks.Add(es.Track);
            names.Append(names.Length == 0 ? string.Empty : ", ").Append(es.Track);
        }

        Tracks = tracks;
        if (_logger is not null)
        {
            MpegTsLog.TracksAnnounced(_logger, names.ToString());
        }

        _onTracks(tracks);
        foreach (var p in _pending)
        {
            _onUnit(new Unit { Track = p.Stream.Track!, Pts = p.Pts, Dts = p.Dts, IsRandomAccess = p.Key, Payloads = p.Payloads, NtpTime = p.Received });
        }

        _pending.Clear();
        _pendingBytes = 0;
    }

    /// <summary>Sets a stream's parameters; after the announcement the track is updated in place.</summary>
    private static void SetCodec(TsElementaryStream es, Codec codec)
    {
        es.Codec = codec;
        es.Track?.UpdateCodec(codec);
    }

    private readonly record struct PendingUnit(TsElementaryStream Stream, long Pts, long Dts, bool Key, ReadOnlyMemory<byte>[] Payloads, DateTime Received);
}
