using System.Buffers.Binary;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Aac;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Formats.MpegTs;

// PES assembly: elementary stream framing (Annex B, ADTS, Opus control headers) behind a PES header.
public sealed partial class MpegTsMuxer
{
    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    private static ReadOnlySpan<byte> H264Aud => [0, 0, 0, 1, 0x09, 0xF0];

    private static ReadOnlySpan<byte> H265Aud => [0, 0, 0, 1, 0x46, 0x01, 0x50];

    /// <summary>Builds the whole PES in the scratch buffer; returns its length.</summary>
    private int BuildPes(TsMuxStream s, Unit unit, long pts90, long dts90)
    {
        var codec = unit.Track.Codec;
        var bound = 32 + ParameterSetBytes(codec);
        foreach (var p in unit.Payloads)
        {
            bound += p.Length + 16 + (p.Length / 255);
        }

        if (bound > _scratch.Length)
        {
            _scratch = new byte[Math.Max(bound, _scratch.Length * 2)];
        }

        var buf = _scratch.AsSpan();
        var withDts = dts90 != pts90;
        buf[0] = 0;
        buf[1] = 0;
        buf[2] = 1;
        buf[3] = s.StreamId;
        buf[6] = 0x84; // '10', data_alignment_indicator: the PES starts with an access unit
        buf[7] = (byte)(withDts ? 0xC0 : 0x80);
        buf[8] = (byte)(withDts ? 10 : 5);
        PesHeader.WriteTimestamp(buf[9..], withDts ? 0x3 : 0x2, pts90);
        if (withDts)
        {
            PesHeader.WriteTimestamp(buf[14..], 0x1, dts90);
        }

        var pos = withDts ? 19 : 14;
        pos += s.Kind switch
        {
            TsStreamKind.H264 or TsStreamKind.H265 => WriteAnnexB(s.Kind == TsStreamKind.H265, codec, unit, buf[pos..]),
            TsStreamKind.Aac => WriteAdts((Mpeg4AudioCodec)codec, unit, buf[pos..]),
            TsStreamKind.Opus => WriteOpus(unit, buf[pos..]),
            TsStreamKind.Mpeg4Video => WriteMpeg4Video((Mpeg4VideoCodec)codec, unit, buf[pos..]),
            _ => WriteAsIs(unit, buf[pos..]),
        };

        // §2.4.3.7: 0 (unbounded) is allowed only for video; audio PES always give their length.
        var pesLength = pos - 6;
        BinaryPrimitives.WriteUInt16BigEndian(buf[4..], (ushort)(s.IsVideo || pesLength > 0xFFFF ? 0 : pesLength));
        return pos;
    }

    private static int ParameterSetBytes(Codec codec) => codec switch
    {
        H264Codec c => (c.Sps?.Length ?? 0) + (c.Pps?.Length ?? 0) + 16,
        H265Codec c => (c.Vps?.Length ?? 0) + (c.Sps?.Length ?? 0) + (c.Pps?.Length ?? 0) + 24,
        Mpeg4VideoCodec c => c.Config?.Length ?? 0,
        _ => 0,
    };

    /// <summary>AUD, then (on key frames that lack them) the track's parameter sets, then the NAL units with 4-byte start codes.</summary>
    private static int WriteAnnexB(bool h265, Codec codec, Unit unit, Span<byte> dst)
    {
        var aud = h265 ? H265Aud : H264Aud;
        aud.CopyTo(dst);
        var pos = aud.Length;
        if (unit.IsRandomAccess && !HasParameterSets(h265, unit.Payloads))
        {
            if (codec is H264Codec h264)
            {
                pos += WriteNal(h264.Sps, dst[pos..]);
                pos += WriteNal(h264.Pps, dst[pos..]);
            }
            else if (codec is H265Codec hevc)
            {
                pos += WriteNal(hevc.Vps, dst[pos..]);
                pos += WriteNal(hevc.Sps, dst[pos..]);
                pos += WriteNal(hevc.Pps, dst[pos..]);
            }
        }

        foreach (var nal in unit.Payloads)
        {
            if (nal.IsEmpty || IsDelimiter(h265, nal.Span[0]))
            {
                continue;
            }

            pos += WriteNal(nal.Span, dst[pos..]);
        }

        return pos;
    }

    private static int WriteNal(ReadOnlySpan<byte> nal, Span<byte> dst)
    {
        if (nal.IsEmpty)
        {
            return 0;
        }

        StartCode.CopyTo(dst);
        nal.CopyTo(dst[4..]);
        return 4 + nal.Length;
    }

    private static bool IsDelimiter(bool h265, byte header) => h265 ? ((header >> 1) & 0x3F) == 35 : (header & 0x1F) == 9;

    private static bool HasParameterSets(bool h265, ReadOnlyMemory<byte>[] nals)
    {
        foreach (var nal in nals)
        {
            if (!nal.IsEmpty && (h265 ? ((nal.Span[0] >> 1) & 0x3F) == 33 : (nal.Span[0] & 0x1F) == 7))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One ADTS frame per raw access unit (ISO/IEC 14496-3 §1.A.2).</summary>
    private static int WriteAdts(Mpeg4AudioCodec codec, Unit unit, Span<byte> dst)
    {
        // Describe() accepted this codec, so the config parses and ADTS can carry it.
        TryGetAdtsConfig(codec, out var config);
        var pos = 0;
        foreach (var au in unit.Payloads)
        {
            AdtsHeader.Write(dst[pos..], config, au.Length);
            au.Span.CopyTo(dst[(pos + 7)..]);
            pos += 7 + au.Length;
        }

        return pos;
    }

    /// <summary>The AudioSpecificConfig of the track when ADTS can frame it (AAC LC core, standard rate, channelConfiguration &lt; 8).</summary>
    private static bool TryGetAdtsConfig(Mpeg4AudioCodec codec, out AudioSpecificConfig config)
    {
        config = default;
        try
        {
            return codec.Config is not null && AudioSpecificConfig.TryParse(codec.Config, out config) && AdtsHeader.CanWrite(config);
        }
        catch (CodecProtocolException)
        {
            return false;
        }
    }

    private static int WriteOpus(Unit unit, Span<byte> dst)
    {
        var pos = 0;
        foreach (var packet in unit.Payloads)
        {
            pos += OpusTsFraming.WriteControlHeader(dst[pos..], packet.Length);
            packet.Span.CopyTo(dst[pos..]);
            pos += packet.Length;
        }

        return pos;
    }

    /// <summary>Key frames carry the VOS/VOL configuration in-band, so readers can join at them.</summary>
    private static int WriteMpeg4Video(Mpeg4VideoCodec codec, Unit unit, Span<byte> dst)
    {
        var pos = 0;
        if (unit.IsRandomAccess && codec.Config is { Length: > 0 } config && unit.Payloads.Length > 0
            && !unit.Payloads[0].Span.StartsWith(config))
        {
            config.CopyTo(dst);
            pos = config.Length;
        }

        return pos + WriteAsIs(unit, dst[pos..]);
    }

    private static int WriteAsIs(Unit unit, Span<byte> dst)
    {
        var pos = 0;
        foreach (var p in unit.Payloads)
        {
            p.Span.CopyTo(dst[pos..]);
            pos += p.Length;
        }

        return pos;
    }
}
