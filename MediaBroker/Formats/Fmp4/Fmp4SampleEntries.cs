using MediaBroker.Codecs;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Builds the stsd sample entry for each codec (ISO/IEC 14496-12 §8.5.2, §12.1.3 visual, §12.2.3 audio)
/// with the codec's configuration box. One partial file per kind.
/// </summary>
internal static partial class Fmp4SampleEntries
{
    // ISO/IEC 14496-1 §7.2.6.6 objectTypeIndication values used by mp4v/mp4a.
    private const int OtiMpeg4Visual = 0x20;
    private const int OtiMpeg4Audio = 0x40;
    private const int OtiMpeg2VideoMain = 0x61;
    private const int OtiMpeg2Audio = 0x69;
    private const int OtiMpeg1Audio = 0x6B;
    private const int OtiJpeg = 0x6C;
    private const int StreamTypeVisual = 0x04;
    private const int StreamTypeAudio = 0x05;

    public static Fmp4TrackStatus TryBuild(Codec codec, ReadOnlySpan<byte> sample, out Fmp4SampleEntry entry)
    {
        using var b = new Mp4BoxBuilder(512);
        var status = codec switch
        {
            H264Codec c => H264(b, c, out entry),
            H265Codec c => H265(b, c, out entry),
            Av1Codec c => Av1(b, c, out entry),
            Vp9Codec => Vp9(b, sample, out entry),
            Mpeg4VideoCodec c => Mpeg4Video(b, c, out entry),
            Mpeg12VideoCodec => Mpeg12Video(b, sample, out entry),
            MjpegCodec => Mjpeg(b, sample, out entry),
            OpusCodec c => Opus(b, c, out entry),
            Mpeg4AudioCodec c => Aac(b, c, out entry),
            Mpeg12AudioCodec => MpegAudio(b, sample, out entry),
            Ac3Codec => Ac3(b, sample, out entry),
            G711Codec c => G711(b, c, out entry),
            LpcmCodec c => Lpcm(b, c, out entry),
            _ => Unsupported(out entry),
        };
        if (status == Fmp4TrackStatus.Ready)
        {
            entry = entry with { Bytes = b.WrittenSpan.ToArray() };
        }

        return status;
    }

    private delegate bool CodecParser<T>(ReadOnlySpan<byte> data, out T value);

    /// <summary>Runs a Codecs parser; truncated or malformed data (which Codecs reports by throwing) are both "no".</summary>
    private static bool TryParseCodec<T>(ReadOnlySpan<byte> data, CodecParser<T> parse, out T value)
    {
        try
        {
            return parse(data, out value);
        }
        catch (CodecProtocolException)
        {
            value = default!;
            return false;
        }
    }

    private static Fmp4TrackStatus Unsupported(out Fmp4SampleEntry entry)
    {
        entry = default;
        return Fmp4TrackStatus.Unsupported;
    }

    /// <summary>VisualSampleEntry fields (§12.1.3.2) after the 8-byte SampleEntry prefix.</summary>
    private static int BeginVisual(Mp4BoxBuilder b, uint type, int width, int height)
    {
        var start = b.Begin(type);
        b.Zeros(6);
        b.U16(1); // data_reference_index
        b.Zeros(16); // pre_defined, reserved, pre_defined[3]
        b.U16(width);
        b.U16(height);
        b.U32(0x00480000); // 72 dpi
        b.U32(0x00480000);
        b.U32(0);
        b.U16(1); // frame_count
        b.Zeros(32); // compressorname
        b.U16(0x0018); // depth
        b.U16(0xFFFF); // pre_defined = -1
        return start;
    }

    /// <summary>AudioSampleEntry fields (§12.2.3.2), version 0; samplerate is 16.16 so rates above 65535 are written as 0.</summary>
    private static int BeginAudio(Mp4BoxBuilder b, uint type, int channels, int sampleSize, int sampleRate)
    {
        var start = b.Begin(type);
        b.Zeros(6);
        b.U16(1);
        b.Zeros(8);
        b.U16(channels);
        b.U16(sampleSize);
        b.U32(0);
        b.U32(sampleRate <= 0xFFFF ? (uint)sampleRate << 16 : 0);
        return start;
    }

    /// <summary>
    /// esds (ISO/IEC 14496-14 §5.6) with ES_Descriptor, DecoderConfigDescriptor, optional DecoderSpecificInfo and
    /// SLConfigDescriptor (ISO/IEC 14496-1 §7.2.6).
    /// </summary>
    private static void Esds(Mp4BoxBuilder b, int objectType, int streamType, ReadOnlySpan<byte> decoderSpecificInfo)
    {
        var dsi = decoderSpecificInfo.IsEmpty ? 0 : DescriptorSize(decoderSpecificInfo.Length);
        var dcd = DescriptorSize(13 + dsi);
        var sl = DescriptorSize(1);
        var es = 3 + dcd + sl;
        var start = b.BeginFull(Mp4BoxTypes.Esds, 0, 0);
        DescriptorHeader(b, 0x03, es);
        b.U16(0); // ES_ID
        b.U8(0); // no dependsOn/URL/OCR
        DescriptorHeader(b, 0x04, 13 + dsi);
        b.U8(objectType);
        b.U8((streamType << 2) | 1);
        b.U24(0); // bufferSizeDB
        b.U32(0); // maxBitrate
        b.U32(0); // avgBitrate
        if (!decoderSpecificInfo.IsEmpty)
        {
            DescriptorHeader(b, 0x05, decoderSpecificInfo.Length);
            b.Bytes(decoderSpecificInfo);
        }

        DescriptorHeader(b, 0x06, 1);
        b.U8(0x02); // predefined: reserved for use in MP4 files
        b.End(start);
    }

    private static int DescriptorSize(int payload) => 1 + SizeBytes(payload) + payload;

    private static int SizeBytes(int payload) => payload < 0x80 ? 1 : payload < 0x4000 ? 2 : payload < 0x200000 ? 3 : 4;

    /// <summary>Tag and expandable size (ISO/IEC 14496-1 §8.3.3): 7 bits per byte, high bit = more follows.</summary>
    private static void DescriptorHeader(Mp4BoxBuilder b, int tag, int payload)
    {
        b.U8(tag);
        for (var i = SizeBytes(payload) - 1; i >= 0; i--)
        {
            var bits = (payload >> (7 * i)) & 0x7F;
            b.U8(i > 0 ? bits | 0x80 : bits);
        }
    }
}
