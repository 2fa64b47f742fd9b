using System.Buffers.Binary;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Aac;
using MediaBroker.Codecs.Av1;
using MediaBroker.Codecs.H264;
using MediaBroker.Codecs.H265;
using MediaBroker.Codecs.Opus;
using MediaBroker.Codecs.Vp9;
using MediaBroker.Core;
using MediaBroker.Formats.Amf;
using MediaBroker.Media;

namespace MediaBroker.Formats.Flv;

/// <summary>
/// Serializes units and codec descriptions as FLV tag bodies: legacy FLV for H264, AAC, MP3 and G711,
/// Enhanced RTMP (FourCC) for H265, AV1, VP9, Opus and AC-3. Static and I/O-free.
/// </summary>
public static class FlvMuxer
{
    private const byte EnhancedKeyFrame = 0x80 | (1 << 4);
    private const byte EnhancedInterFrame = 0x80 | (2 << 4);

    /// <summary>Whether FLV (legacy or enhanced) can carry this codec.</summary>
    public static bool CanCarry(Codec codec) => codec switch
    {
        H264Codec or H265Codec or Av1Codec or Vp9Codec => true,
        Mpeg4AudioCodec or Mpeg12AudioCodec or OpusCodec or Ac3Codec => true,
        G711Codec g => g.SampleRate == 8000 && g.ChannelCount is 1 or 2,
        _ => false,
    };

    /// <summary>
    /// The sequence header body for a codec, or null when the codec needs none, is not yet known, or its
    /// parameters cannot be parsed (readers then get frames only once usable parameters arrive).
    /// </summary>
    public static byte[]? BuildSequenceHeader(Codec codec)
    {
        try
        {
            return BuildSequenceHeaderCore(codec);
        }
        catch (CodecProtocolException)
        {
            return null;
        }
    }

    private static byte[]? BuildSequenceHeaderCore(Codec codec)
    {
        switch (codec)
        {
            case H264Codec { Sps: { Length: >= 4 } sps, Pps: { Length: > 0 } pps }:
                return Concat([0x17, 0, 0, 0, 0], AvcDecoderConfigurationRecord.Build(sps, pps));
            case H265Codec { Vps: { } vps, Sps: { } sps, Pps: { } pps }:
                return Concat(EnhancedHeader(EnhancedKeyFrame, 0, FlvFourCc.Hevc), HevcDecoderConfigurationRecord.Build(vps, sps, pps));
            case Av1Codec { SequenceHeader: { Length: > 0 } seq }:
                return Concat(EnhancedHeader(EnhancedKeyFrame, 0, FlvFourCc.Av1), Av1CodecConfigurationRecord.Build(seq));
            case Vp9Codec vp9:
                return Concat(EnhancedHeader(EnhancedKeyFrame, 0, FlvFourCc.Vp9), VpcC.Build(vp9.Profile, level: 0, bitDepth: 8, chromaSubsampling: 1, fullRange: false));
            case Mpeg4AudioCodec aac:
                return Concat([0xAF, 0], aac.Config);
            case OpusCodec opus:
                return Concat(EnhancedHeader(0x90, 0, FlvFourCc.Opus), OpusHead.Build(opus.ChannelCount));
            default:
                return null;
        }
    }

    /// <summary>The onMetaData script body (name + ECMA array) describing the carried tracks.</summary>
    public static byte[] BuildMetadata(Codec? video, Codec? audio)
    {
        var meta = new AmfObject(isEcmaArray: true);
        if (video is not null)
        {
            meta.Add("videocodecid", video switch
            {
                H264Codec => 7.0,
                H265Codec => (double)FlvFourCc.Hevc,
                Av1Codec => (double)FlvFourCc.Av1,
                _ => (double)FlvFourCc.Vp9,
            });
        }

        if (audio is not null)
        {
            meta.Add("audiocodecid", audio switch
            {
                Mpeg4AudioCodec => 10.0,
                Mpeg12AudioCodec => 2.0,
                G711Codec g => g.MuLaw ? 8.0 : 7.0,
                OpusCodec => (double)FlvFourCc.Opus,
                _ => (double)FlvFourCc.Ac3,
            });
        }

        return Amf0Writer.Encode("onMetaData", meta);
    }

    /// <summary>
    /// The tag body for one unit, or null when the unit has nothing FLV can carry. One array per unit:
    /// it becomes the shared payload of every reader.
    /// </summary>
    public static byte[]? EncodeUnit(Unit unit)
    {
        var codec = unit.Track.Codec;
        var cts = (int)((unit.Pts - unit.Dts) * 1000 / unit.Track.ClockRate);
        var frame = unit.IsRandomAccess ? EnhancedKeyFrame : EnhancedInterFrame;
        Span<byte> scratch = stackalloc byte[8];
        return codec switch
        {
            H264Codec => EncodeNalUnits(unit, [(byte)(unit.IsRandomAccess ? 0x17 : 0x27), 1, 0, 0, 0], 2, cts, isH264: true),
            H265Codec => EncodeNalUnits(unit, EnhancedHeader(scratch, frame, 1, FlvFourCc.Hevc, 3), 5, cts, isH264: false),
            Av1Codec => EncodeObus(unit, EnhancedHeader(scratch, frame, 3, FlvFourCc.Av1)),
            Vp9Codec => EncodeWhole(unit, EnhancedHeader(scratch, frame, 3, FlvFourCc.Vp9)),
            Mpeg4AudioCodec => EncodeWhole(unit, [0xAF, 1]),
            Mpeg12AudioCodec => EncodeWhole(unit, [0x2F]),
            G711Codec g => EncodeWhole(unit, [(byte)(((g.MuLaw ? 8 : 7) << 4) | 0x02 | (g.ChannelCount - 1))]),
            OpusCodec => EncodeWhole(unit, EnhancedHeader(scratch, 0x90, 1, FlvFourCc.Opus)),
            Ac3Codec => EncodeWhole(unit, EnhancedHeader(scratch, 0x90, 1, FlvFourCc.Ac3)),
            _ => null,
        };
    }

    private static ReadOnlySpan<byte> EnhancedHeader(Span<byte> dest, byte first, int packetType, uint fourCc, int extra = 0)
    {
        dest[0] = (byte)(first | packetType);
        BinaryPrimitives.WriteUInt32BigEndian(dest[1..], fourCc);
        dest.Slice(5, extra).Clear();
        return dest[..(5 + extra)];
    }

    /// <summary>First byte (frame type or sound format, packet type), FourCC, and room for a composition time.</summary>
    private static byte[] EnhancedHeader(byte first, int packetType, uint fourCc, int extra = 0)
    {
        var header = new byte[5 + extra];
        header[0] = (byte)(first | packetType);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), fourCc);
        return header;
    }

    private static byte[] EncodeNalUnits(Unit unit, ReadOnlySpan<byte> header, int ctsOffset, int cts, bool isH264)
    {
        var size = header.Length;
        foreach (var nalu in unit.Payloads)
        {
            if (!IsAccessUnitDelimiter(nalu.Span, isH264))
            {
                size += 4 + nalu.Length;
            }
        }

        if (size == header.Length)
        {
            return [];
        }

        var body = new byte[size];
        header.CopyTo(body);
        body[ctsOffset] = (byte)(cts >> 16);
        body[ctsOffset + 1] = (byte)(cts >> 8);
        body[ctsOffset + 2] = (byte)cts;
        var pos = header.Length;
        foreach (var nalu in unit.Payloads)
        {
            if (IsAccessUnitDelimiter(nalu.Span, isH264))
            {
                continue;
            }

            BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(pos), nalu.Length);
            nalu.Span.CopyTo(body.AsSpan(pos + 4));
            pos += 4 + nalu.Length;
        }

        return body;
    }

    // FLV carries access units; delimiters are MPEG-TS framing and only cost bytes here.
    private static bool IsAccessUnitDelimiter(ReadOnlySpan<byte> nalu, bool isH264) =>
        nalu.IsEmpty || (isH264 ? (nalu[0] & 0x1F) == 9 : ((nalu[0] >> 1) & 0x3F) == 35);

    private static byte[] EncodeObus(Unit unit, ReadOnlySpan<byte> header)
    {
        var size = header.Length;
        foreach (var obu in unit.Payloads)
        {
            if (!obu.IsEmpty)
            {
                size += Av1ConfigRecord.SizedLength(obu.Span);
            }
        }

        var body = new byte[size];
        header.CopyTo(body);
        var pos = header.Length;
        foreach (var obu in unit.Payloads)
        {
            if (!obu.IsEmpty)
            {
                pos += Av1ConfigRecord.WriteSized(obu.Span, body.AsSpan(pos));
            }
        }

        return body;
    }

    private static byte[] EncodeWhole(Unit unit, ReadOnlySpan<byte> header)
    {
        var size = header.Length;
        foreach (var p in unit.Payloads)
        {
            size += p.Length;
        }

        if (size == header.Length)
        {
            return [];
        }

        var body = new byte[size];
        header.CopyTo(body);
        var pos = header.Length;
        foreach (var p in unit.Payloads)
        {
            p.Span.CopyTo(body.AsSpan(pos));
            pos += p.Length;
        }

        return body;
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var result = new byte[a.Length + b.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        return result;
    }
}
