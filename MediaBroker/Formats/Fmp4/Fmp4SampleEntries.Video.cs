using System.Globalization;
using System.Text;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Av1;
using MediaBroker.Codecs.H264;
using MediaBroker.Codecs.H265;
using MediaBroker.Codecs.Mpeg12Video;
using MediaBroker.Codecs.Vp9;

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

        if (!TryParseCodec<H264Sps>(sps, H264Sps.TryParse, out var f) || f.Width <= 0 || f.Height <= 0)
        {
            return Fmp4TrackStatus.Unsupported;
        }

        var start = BeginVisual(b, Mp4BoxTypes.Avc1, f.Width, f.Height);
        var avcc = b.Begin(Mp4BoxTypes.Avcc);
        b.Bytes(AvcDecoderConfigurationRecord.Build(sps, pps)); // NAL lengths are 4 bytes
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

        if (!TryParseCodec<H265Sps>(sps, H265Sps.TryParse, out var f) || f.Width <= 0 || f.Height <= 0)
        {
            return Fmp4TrackStatus.Unsupported;
        }

        var start = BeginVisual(b, Mp4BoxTypes.Hvc1, f.Width, f.Height);
        var hvcc = b.Begin(Mp4BoxTypes.Hvcc);
        b.Bytes(HevcDecoderConfigurationRecord.Build(vps, sps, pps)); // one complete array each for VPS, SPS, PPS
        b.End(hvcc);
        b.End(start);
        entry = new Fmp4SampleEntry([], f.Width, f.Height, 0, 0, HevcCodecs(f.ProfileTierLevel));
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>ISO/IEC 14496-15 Annex E.3: hvc1.[space]profile.compat(bit-reversed hex).[L|H]level.constraint bytes.</summary>
    private static string HevcCodecs(in H265ProfileTierLevel ptl)
    {
        var sb = new StringBuilder("hvc1.");
        if (ptl.ProfileSpace > 0)
        {
            sb.Append((char)('A' + ptl.ProfileSpace - 1));
        }

        var compat = ptl.ProfileCompatibilityFlags;
        uint reversed = 0;
        for (var i = 0; i < 32; i++)
        {
            reversed |= ((compat >> i) & 1) << (31 - i);
        }

        sb.Append(CultureInfo.InvariantCulture, $"{ptl.ProfileIdc}.{reversed:X}.{(ptl.HighTier ? 'H' : 'L')}{ptl.LevelIdc}");

        // The six constraint bytes, trailing zero bytes omitted.
        var last = 5;
        while (last >= 0 && ConstraintByte(ptl, last) == 0)
        {
            last--;
        }

        for (var i = 0; i <= last; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $".{ConstraintByte(ptl, i):X2}");
        }

        return sb.ToString();
    }

    private static byte ConstraintByte(in H265ProfileTierLevel ptl, int index) => (byte)(ptl.ConstraintIndicatorFlags >> (40 - (8 * index)));

    /// <summary>av01 + av1C (AV1-ISOBMFF §2.3), with the sequence header OBU as configOBUs.</summary>
    private static Fmp4TrackStatus Av1(Mp4BoxBuilder b, Av1Codec c, out Fmp4SampleEntry entry)
    {
        entry = default;
        if (c.SequenceHeader is not { Length: > 0 } obu)
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        if (!TryParseCodec<Av1SequenceHeader>(obu, Av1SequenceHeader.TryParse, out var f))
        {
            return Fmp4TrackStatus.Unsupported;
        }

        var start = BeginVisual(b, Mp4BoxTypes.Av01, f.MaxFrameWidth, f.MaxFrameHeight);
        var av1c = b.Begin(Mp4BoxTypes.Av1c);
        b.Bytes(Av1CodecConfigurationRecord.Build(obu)); // the sequence header OBU as configOBUs, with obu_size
        b.End(av1c);
        b.End(start);
        var codecs = string.Create(CultureInfo.InvariantCulture, $"av01.{f.Profile}.{f.LevelIdx:D2}{(f.HighTier ? 'H' : 'M')}.{f.BitDepth:D2}");
        entry = new Fmp4SampleEntry([], f.MaxFrameWidth, f.MaxFrameHeight, 0, 0, codecs);
        return Fmp4TrackStatus.Ready;
    }

    /// <summary>vp09 + vpcC version 1 (VP Codec ISO Media File Format Binding §2.2), read from a key frame header.</summary>
    private static Fmp4TrackStatus Vp9(Mp4BoxBuilder b, ReadOnlySpan<byte> keyFrame, out Fmp4SampleEntry entry)
    {
        entry = default;
        if (!TryParseCodec<Vp9FrameHeader>(keyFrame, Vp9FrameHeader.TryParse, out var f) || !f.KeyFrame)
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        const int level = 31; // the bitstream does not carry a level; 3.1 covers 1280x720 at 30 fps
        var start = BeginVisual(b, Mp4BoxTypes.Vp09, f.Width, f.Height);
        var vpcc = b.Begin(Mp4BoxTypes.Vpcc);
        var subsampling = f.SubsamplingX ? (f.SubsamplingY ? 0 : 2) : 3; // 4:2:0 (vertical), 4:2:2, 4:4:4
        var colour = f.ColorSpace == 2 ? 1 : 2; // primaries, transfer, matrix: BT.709 or unspecified
        b.Bytes(VpcC.Build(f.Profile, level, f.BitDepth, subsampling, f.FullRange, colour, colour, colour));
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
        if (!Mpeg12VideoBitstream.TryParseSequenceHeader(frame, out var sequence))
        {
            return Fmp4TrackStatus.NeedsSample;
        }

        var start = BeginVisual(b, Mp4BoxTypes.Mp4v, sequence.Width, sequence.Height);
        Esds(b, OtiMpeg2VideoMain, StreamTypeVisual, default);
        b.End(start);
        entry = new Fmp4SampleEntry([], sequence.Width, sequence.Height, 0, 0, "mp4v.61");
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
