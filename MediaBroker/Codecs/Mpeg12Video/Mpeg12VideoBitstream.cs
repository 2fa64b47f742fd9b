namespace MediaBroker.Codecs.Mpeg12Video;

/// <summary>sequence_header() fields, ISO/IEC 13818-2 §6.2.2.1 (MPEG-1 11172-2 has the same layout).</summary>
public readonly record struct Mpeg12SequenceHeader(int Width, int Height, int AspectRatioCode, int FrameRateCode, int BitRate);

/// <summary>MPEG-1/2 video start codes: the sequence header (picture size for fMP4, entry points in MPEG-TS) and the picture coding type (RFC 2250 packets).</summary>
public static class Mpeg12VideoBitstream
{
    public const byte PictureStart = 0x00;
    public const byte SequenceHeaderStart = 0xB3;

    /// <summary>Finds and parses the sequence header in a frame. False when there is none (or it is cut).</summary>
    public static bool TryParseSequenceHeader(ReadOnlySpan<byte> frame, out Mpeg12SequenceHeader header)
    {
        header = default;
        var i = Find(frame, SequenceHeaderStart);
        if (i < 0 || frame.Length - i < 11)
        {
            return false;
        }

        var b = frame[(i + 4)..];
        header = new Mpeg12SequenceHeader(
            (b[0] << 4) | (b[1] >> 4),
            ((b[1] & 0xF) << 8) | b[2],
            b[3] >> 4,
            b[3] & 0xF,
            (b[4] << 10) | (b[5] << 2) | (b[6] >> 6));
        return true;
    }

    /// <summary>True when the frame begins with a sequence header (RFC 2250 §3.4's S bit).</summary>
    public static bool StartsWithSequenceHeader(ReadOnlySpan<byte> frame) => frame.StartsWith((ReadOnlySpan<byte>)[0, 0, 1, SequenceHeaderStart]);

    /// <summary>
    /// picture_coding_type (§6.3.9) of the frame's first picture: 1 I, 2 P, 3 B, 4 D; 0 when no picture header is whole.
    /// </summary>
    public static int PictureCodingType(ReadOnlySpan<byte> frame)
    {
        var i = Find(frame, PictureStart);
        return i >= 0 && frame.Length - i >= 6 ? (frame[i + 5] >> 3) & 7 : 0; // temporal_reference(10) then the type(3)
    }

    private static int Find(ReadOnlySpan<byte> data, byte code) => data.IndexOf((ReadOnlySpan<byte>)[0, 0, 1, code]);
}
