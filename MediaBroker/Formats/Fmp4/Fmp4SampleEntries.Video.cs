using System.Globalization;
using System.Text;
using MediaBroker.Codecs;
using MediaBroker.Formats.Fmp4.Bitstream;

namespace MediaBroker.Formats.Fmp4;

internal static partial class Fmp4SampleEntries
{
    /// <summary>avc1 + avcC (ISO/IEC 14496-15 §5.3.3.1). NAL lengths are 4 bytes.</summary>
    private static Fmp4TrackStatus H264(Mp4BoxBuilder b, H264Codec c, out Fmp4SampleEntry entry)
    {
        entry = default;
        if (c.Sps is not { Length: >= 4 } sps || c.Pps is not { Length: > 0 } pps)
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        if (!H264SpsFields.TryParse(sps, out var f))
        {
            return Fmp4TrackStatus.Unsupported;
        }

        var start = BeginVisual(b, Mp4BoxTypes.Avc1, f.Width, f.Height);
        var avcc = b.Begin(Mp4BoxTypes.Avcc);
        b.U8(1);
        b.U8(sps[1]);
        b.U8(sps[2]);
        b.U8(sps[3]);
        b.U8(0xFC | 3); // lengthSizeMinusOne
        b.U8(0xE0 | 1);
        b.U16(sps.Length);
        b.Bytes(sps);
        b.U8(1);
        b.U16(pps.Length);
        b.Bytes(pps);
        if (f.ProfileIdc is 100 or 110 or 122 or 144)
        {
            b.U8(0xFC | f.ChromaFormatIdc);
            b.U8(0xF8 | (f.BitDepthLuma - 8));
            b.U8(0xF8 | (f.BitDepthChroma - 8));
            b.U8(0); // numOfSequenceParameterSetExt
        }

        b.End(avcc);
        b.End(start);
        var codecs = string.Create(CultureInfo.InvariantCulture, $"avc1.{sps[1]:x2}{sps[2]:x2}{sps[3]:x2}");
        entry = new Fmp4SampleEntry([], f.Width, f.Height, 0, 0, codecs);
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>hvc1 + hvcC (ISO/IEC 14496-15 §8.3.3.1): parameter sets only in the sample entry, as Apple's HLS spec prefers.</summary>
    private static Fmp4TrackStatus H265(Mp4BoxBuilder b, H265Codec c, out Fmp4SampleEntry entry)
    {
        entry = default;
        if (c.Vps is not { Length: > 0 } vps || c.Sps is not { Length: > 0 } sps || c.Pps is not { Length: > 0 } pps)
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        if (!H265SpsFields.TryParse(sps, out var f))
        {
            return Fmp4TrackStatus.Unsupported;
        }

        var start = BeginVisual(b, Mp4BoxTypes.Hvc1, f.Width, f.Height);
        var hvcc = b.Begin(Mp4BoxTypes.Hvcc);
        b.U8(1);
        b.Bytes(f.ProfileTierLevel); // profile space/tier/idc, compatibility flags, constraint flags, level
        b.U16(0xF000); // min_spatial_segmentation_idc
        b.U8(0xFC); // parallelismType unknown
        b.U8(0xFC | f.ChromaFormatIdc);
        b.U8(0xF8 | (f.BitDepthLuma - 8));
        b.U8(0xF8 | (f.BitDepthChroma - 8));
        b.U16(0); // avgFrameRate
        b.U8((f.MaxSubLayers << 3) | (f.TemporalIdNesting ? 4 : 0) | 3);
        b.U8(3);
        NalArray(b, 32, vps);
        NalArray(b, 33, sps);
        NalArray(b, 34, pps);
        b.End(hvcc);
        b.End(start);
        entry = new Fmp4SampleEntry([], f.Width, f.Height, 0, 0, HevcCodecs(f));
        return Fmp4TrackStatus.Ready;
    }

    private static void NalArray(Mp4BoxBuilder b, int type, byte[] nal)
    {
        b.U8(0x80 | type); // array_completeness = 1
        b.U16(1);
        b.U16(nal.Length);
        b.Bytes(nal);
    }

    /// <summary>ISO/IEC 14496-15 Annex E.3: hvc1.[space]profile.compat(bit-reversed hex).[L|H]level.constraint bytes.</summary>
    private static string HevcCodecs(H265SpsFields f)
    {
        var sb = new StringBuilder("hvc1.");
        if (f.GeneralProfileSpace > 0)
        {
            sb.Append((char)('A' + f.GeneralProfileSpace - 1));
        }

        var compat = f.GeneralCompatibilityFlags;
        uint reversed = 0;
        for (var i = 0; i < 32; i++)
        {
            reversed |= ((compat >> i) & 1) << (31 - i);
        }

        sb.Append(CultureInfo.InvariantCulture, $"{f.GeneralProfileIdc}.{reversed:X}.{(f.GeneralTier ? 'H' : 'L')}{f.GeneralLevelIdc}");
        var last = 10;
        while (last >= 5 && f.ProfileTierLevel[last] == 0)
        {
            last--;
        }

        for (var i = 5; i <= last; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $".{f.ProfileTierLevel[i]:X2}");
        }

        return sb.ToString();
    }

    /// <summary>av01 + av1C (AV1-ISOBMFF §2.3), with the sequence header OBU as configOBUs.</summary>
    private static Fmp4TrackStatus Av1(Mp4BoxBuilder b, Av1Codec c, out Fmp4SampleEntry entry)
    {
        entry = default;
        if (c.SequenceHeader is not { Length: > 0 } obu)
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        if (!Av1Obu.TryRead(obu, out var type, out var headerLength, out var payloadOffset, out var payloadLength) || type != Av1Obu.SequenceHeader
            || !Av1SequenceHeaderFields.TryParse(obu.AsSpan(payloadOffset, payloadLength), out var f))
        {
            return Fmp4TrackStatus.Unsupported;
        }

        var start = BeginVisual(b, Mp4BoxTypes.Av01, f.Width, f.Height);
        var av1c = b.Begin(Mp4BoxTypes.Av1c);
        b.U8(0x81); // marker, version 1
        b.U8((f.Profile << 5) | f.Level);
        b.U8((f.Tier << 7) | (f.HighBitDepth ? 0x40 : 0) | (f.TwelveBit ? 0x20 : 0) | (f.Monochrome ? 0x10 : 0)
            | (f.SubsamplingX ? 0x08 : 0) | (f.SubsamplingY ? 0x04 : 0) | f.ChromaSamplePosition);
        b.U8(0); // no initial_presentation_delay
        Span<byte> sized = stackalloc byte[payloadLength + 16];
        b.Bytes(sized[..Av1Obu.WriteSized(sized, obu.AsSpan(0, headerLength), obu.AsSpan(payloadOffset, payloadLength))]);
        b.End(av1c);
        b.End(start);
        var depth = f.TwelveBit ? 12 : f.HighBitDepth ? 10 : 8;
        var codecs = string.Create(CultureInfo.InvariantCulture, $"av01.{f.Profile}.{f.Level:D2}{(f.Tier == 1 ? 'H' : 'M')}.{depth:D2}");
        entry = new Fmp4SampleEntry([], f.Width, f.Height, 0, 0, codecs);
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>vp09 + vpcC version 1 (VP Codec ISO Media File Format Binding §2.2), read from a key frame header.</summary>
    private static Fmp4TrackStatus Vp9(Mp4BoxBuilder b, ReadOnlySpan<byte> keyFrame, out Fmp4SampleEntry entry)
    {
        entry = default;
        if (!Vp9FrameHeaderFields.TryParseKeyFrame(keyFrame, out var f))
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        const int level = 31; // the bitstream does not carry a level; 3.1 covers 1280x720 at 30 fps
        var start = BeginVisual(b, Mp4BoxTypes.Vp09, f.Width, f.Height);
        var vpcc = b.BeginFull(Mp4BoxTypes.Vpcc, 1, 0);
        b.U8(f.Profile);
        b.U8(level);
        var subsampling = f.SubsamplingX ? (f.SubsamplingY ? 0 : 2) : 3; // 4:2:0 (vertical), 4:2:2, 4:4:4
        b.U8((f.BitDepth << 4) | (subsampling << 1) | (f.FullRange ? 1 : 0));
        var bt709 = f.ColorSpace == 2;
        b.U8(bt709 ? 1 : 2); // colour_primaries: BT.709 or unspecified
        b.U8(bt709 ? 1 : 2);
        b.U8(bt709 ? 1 : 2);
        b.U16(0); // codecInitializationDataSize
        b.End(vpcc);
        b.End(start);
        var codecs = string.Create(CultureInfo.InvariantCulture, $"vp09.{f.Profile:D2}.{level:D2}.{f.BitDepth:D2}");
        entry = new Fmp4SampleEntry([], f.Width, f.Height, 0, 0, codecs);
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>mp4v + esds with the VOS/VOL header as DecoderSpecificInfo (ISO/IEC 14496-14 §5.6).</summary>
    private static Fmp4TrackStatus Mpeg4Video(Mp4BoxBuilder b, Mpeg4VideoCodec c, out Fmp4SampleEntry entry)
    {
        // The picture size is in the VOL header, which decoders read themselves; tkhd/visual entry carry 0.
        var start = BeginVisual(b, Mp4BoxTypes.Mp4v, 0, 0);
        Esds(b, OtiMpeg4Visual, StreamTypeVisual, c.Config ?? []);
        b.End(start);
        entry = new Fmp4SampleEntry([], 0, 0, 0, 0, "mp4v.20");
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>mp4v with objectTypeIndication 0x61 (MPEG-2 Main); the size comes from the sequence header (ISO/IEC 13818-2 §6.2.2.1).</summary>
    private static Fmp4TrackStatus Mpeg12Video(Mp4BoxBuilder b, ReadOnlySpan<byte> frame, out Fmp4SampleEntry entry)
    {
        entry = default;
        var at = frame.IndexOf((ReadOnlySpan<byte>)[0, 0, 1, 0xB3]);
        if (at < 0 || frame.Length < at + 7)
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        var width = (frame[at + 4] << 4) | (frame[at + 5] >> 4);
        var height = ((frame[at + 5] & 0x0F) << 8) | frame[at + 6];
        var start = BeginVisual(b, Mp4BoxTypes.Mp4v, width, height);
        Esds(b, OtiMpeg2VideoMain, StreamTypeVisual, default);
        b.End(start);
        entry = new Fmp4SampleEntry([], width, height, 0, 0, "mp4v.61");
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>mp4v with objectTypeIndication 0x6C (JPEG); the size comes from the SOF marker (ITU-T T.81 §B.2.2).</summary>
    private static Fmp4TrackStatus Mjpeg(Mp4BoxBuilder b, ReadOnlySpan<byte> frame, out Fmp4SampleEntry entry)
    {
        entry = default;
        if (!TryReadJpegSize(frame, out var width, out var height))
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        var start = BeginVisual(b, Mp4BoxTypes.Mp4v, width, height);
        Esds(b, OtiJpeg, StreamTypeVisual, default);
        b.End(start);
        entry = new Fmp4SampleEntry([], width, height, 0, 0, "mp4v.6c");
        return Fmp4TrackStatus.Ready;
    }

    private static bool TryReadJpegSize(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = height = 0;
        if (frame.Length < 4 || frame[0] != 0xFF || frame[1] != 0xD8)
        {
            return false;
        }

        // Walk marker segments up to the start of scan; SOF0-SOF3 hold P, Y, X.
        var i = 2;
        while (i + 4 <= frame.Length && frame[i] == 0xFF)
        {
            var marker = frame[i + 1];
            var length = (frame[i + 2] << 8) | frame[i + 3];
            if (marker is >= 0xC0 and <= 0xC3 && i + 9 <= frame.Length)
            {
                height = (frame[i + 5] << 8) | frame[i + 6];
                width = (frame[i + 7] << 8) | frame[i + 8];
                return width > 0 && height > 0;
            }

            if (marker == 0xDA || length < 2)
            {
                return false;
            }

            i += 2 + length;
        }

        return false;
    }
}
