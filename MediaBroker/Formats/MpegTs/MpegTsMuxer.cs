using System.Buffers;
using System.Buffers.Binary;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// Turns units into 188-byte MPEG-TS packets of a single program. PAT/PMT are written before the first
/// unit, before every video key frame and at least every 100 ms; the PCR travels on the video PID (or
/// the first audio PID) at least every 40 ms. Output goes into the caller's <see cref="IBufferWriter{T}"/>;
/// nothing is allocated per packet. Not thread-safe: one writer.
/// </summary>
public sealed partial class MpegTsMuxer
{
    public const int PmtPid = 0x1000;
    public const int FirstStreamPid = 0x100;
    public const int ProgramNumber = 1;

    /// <summary>More elementary streams would not fit the single-packet PMT we write.</summary>
    public const int MaxStreams = 8;

    private const long TableInterval90 = 9000;  // 100 ms
    private const long PcrQuiet90 = 1800;       // 20 ms: PCRs stay within 40 ms while some unit comes every 20 ms (§2.7.2 allows 100; DVB asks 40)

    /// <summary>The PCR runs this far behind the DTS so that decoders buffer a little and interleaving skew
    /// between tracks never puts a unit's DTS before the PCR.</summary>
    private const long PcrLead90 = 36000;

    private readonly TsMuxStream[] _streams;
    private readonly TsMuxStream? _pcrStream;
    private byte[] _scratch = new byte[64 * 1024];
    private int _patCc;
    private int _pmtCc;
    private long _lastTables90 = long.MinValue;
    private long _lastPcr90 = long.MinValue;
    private long _clock90 = long.MinValue;

    /// <param name="tracks">The stream's tracks; those the muxer cannot carry are skipped with one log line each.</param>
    public MpegTsMuxer(IReadOnlyList<Track> tracks, ILogger? logger = null)
    {
        var streams = new List<TsMuxStream>(tracks.Count);
        foreach (var track in tracks)
        {
            if (Describe(track.Codec) is not var (kind, streamType, streamId) || streams.Count == MaxStreams)
            {
                if (logger is not null)
                {
                    MpegTsLog.TrackSkipped(logger, track.Id, track.Codec.Name);
                }

                continue;
            }

            streams.Add(new TsMuxStream(track, kind, FirstStreamPid + streams.Count, streamType, streamId));
        }

        _streams = [.. streams];
        foreach (var s in _streams)
        {
            if (s.IsVideo)
            {
                _pcrStream = s;
                break;
            }
        }

        _pcrStream ??= _streams.Length > 0 ? _streams[0] : null;
        Tracks = Array.ConvertAll(_streams, s => s.Track);
    }

    /// <summary>The tracks carried, in PID order.</summary>
    public IReadOnlyList<Track> Tracks { get; }

    public static bool CanCarry(Codec codec) => Describe(codec) is not null;

    public bool Carries(Track track) => Find(track) is not null;

    /// <summary>Writes PAT and PMT.</summary>
    public void WriteTables(IBufferWriter<byte> output)
    {
        Span<byte> section = stackalloc byte[184];

        // PAT (§2.4.4.3): one program.
        section[0] = 0; // pointer_field
        PsiSection.WriteHeader(section[1..], 0x00, 4, 1, 0);
        BinaryPrimitives.WriteUInt16BigEndian(section[9..], ProgramNumber);
        BinaryPrimitives.WriteUInt16BigEndian(section[11..], 0xE000 | PmtPid);
        section[(1 + PsiSection.Finish(section[1..], 12))..].Fill(0xFF); // §2.4.4: PSI is padded with 0xFF, not adaptation stuffing
        TsPacketWriter.WritePayload(output, TsProgramTables.PatPid, ref _patCc, section, false, -1);

        // PMT (§2.4.4.8).
        var body = section[9..];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)(0xE000 | (_pcrStream?.Pid ?? 0x1FFF)));
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], 0xF000); // no program descriptors
        var pos = 4;
        foreach (var s in _streams)
        {
            body[pos] = s.StreamType;
            BinaryPrimitives.WriteUInt16BigEndian(body[(pos + 1)..], (ushort)(0xE000 | s.Pid));
            var infoLength = WriteDescriptors(s, body[(pos + 5)..]);
            BinaryPrimitives.WriteUInt16BigEndian(body[(pos + 3)..], (ushort)(0xF000 | infoLength));
            pos += 5 + infoLength;
        }

        PsiSection.WriteHeader(section[1..], 0x02, pos, ProgramNumber, 0);
        section[(1 + PsiSection.Finish(section[1..], 8 + pos))..].Fill(0xFF);
        TsPacketWriter.WritePayload(output, PmtPid, ref _pmtCc, section, false, -1);
    }

    /// <summary>Writes one unit (preceded by tables and PCR as due); returns false when the track is not carried.</summary>
    public bool WriteUnit(Unit unit, IBufferWriter<byte> output)
    {
        if (Find(unit.Track) is not { } s)
        {
            return false;
        }

        var rate = unit.Track.ClockRate;
        var dts90 = To90kHz(unit.Dts, rate);
        var pts90 = To90kHz(unit.Pts, rate);
        var key = s.IsVideo && unit.IsRandomAccess;
        if (_lastTables90 == long.MinValue || key || dts90 - _lastTables90 >= TableInterval90 || dts90 < _lastTables90)
        {
            WriteTables(output);
            _lastTables90 = dts90;
        }

        // The PCR follows the latest DTS written (minus a lead), so it never goes backwards whatever order the
        // tracks' units arrive in. Every PES on the PCR PID carries one (8 bytes); units of other tracks add a
        // PCR-only packet when the PCR PID has been quiet for 20 ms, so the spacing stays within 40 ms.
        _clock90 = Math.Max(_clock90, dts90);
        long pcr = -1;
        if (s == _pcrStream || _lastPcr90 == long.MinValue || _clock90 - _lastPcr90 >= PcrQuiet90)
        {
            pcr = ((_clock90 - PcrLead90) & ((1L << 33) - 1)) * 300; // wraps with the 33-bit PTS
            _lastPcr90 = _clock90;
            if (s != _pcrStream)
            {
                TsPacketWriter.WritePcrOnly(output, _pcrStream!.Pid, _pcrStream.Cc, pcr);
                pcr = -1;
            }
        }

        var pesLength = BuildPes(s, unit, pts90, dts90);
        var cc = s.Cc;
        TsPacketWriter.WritePayload(output, s.Pid, ref cc, _scratch.AsSpan(0, pesLength), key || (!s.IsVideo && _pcrStream == s), pcr);
        s.Cc = cc;
        return true;
    }

    private TsMuxStream? Find(Track track)
    {
        foreach (var s in _streams)
        {
            if (ReferenceEquals(s.Track, track))
            {
                return s;
            }
        }

        return null;
    }

    private static long To90kHz(long value, int clockRate) =>
        clockRate == 90000 ? value : (long)Math.Round(value * (90000.0 / clockRate));

    private static (TsStreamKind Kind, byte StreamType, byte StreamId)? Describe(Codec codec) => codec switch
    {
        H264Codec => (TsStreamKind.H264, TsStreamTypes.H264, 0xE0),
        H265Codec => (TsStreamKind.H265, TsStreamTypes.H265, 0xE0),
        Mpeg4VideoCodec => (TsStreamKind.Mpeg4Video, TsStreamTypes.Mpeg4Video, 0xE0),
        Mpeg12VideoCodec => (TsStreamKind.Mpeg12Video, TsStreamTypes.Mpeg2Video, 0xE0),
        Mpeg4AudioCodec aac when TryGetAdtsConfig(aac, out _) =>
            (TsStreamKind.Aac, TsStreamTypes.AacAdts, 0xC0),
        Mpeg12AudioCodec => (TsStreamKind.MpegAudio, TsStreamTypes.Mpeg1Audio, 0xC0),
        Ac3Codec => (TsStreamKind.Ac3, TsStreamTypes.AtscAc3, 0xBD),
        OpusCodec { ChannelCount: >= 1 and <= 2 } => (TsStreamKind.Opus, TsStreamTypes.PrivateData, 0xBD),
        _ => null,
    };

    private static int WriteDescriptors(TsMuxStream s, Span<byte> dst)
    {
        if (s.Kind != TsStreamKind.Opus)
        {
            return 0;
        }

        // registration_descriptor "Opus" and the DVB extension descriptor with channel_config_code.
        ReadOnlySpan<byte> registration = [0x05, 4, (byte)'O', (byte)'p', (byte)'u', (byte)'s'];
        registration.CopyTo(dst);
        dst[6] = 0x7F;
        dst[7] = 2;
        dst[8] = 0x80;
        dst[9] = (byte)((OpusCodec)s.Track.Codec).ChannelCount;
        return 10;
    }
}
