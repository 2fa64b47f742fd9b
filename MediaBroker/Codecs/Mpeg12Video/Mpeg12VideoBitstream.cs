namespace MediaBroker.Codecs.Mpeg12Video;

/// <summary>sequence_header() fields, ISO/IEC 13818-2 §6.2.2.1 (MPEG-1 11172-2 has the same layout).</summary>
public readonly record struct Mpeg12SequenceHeader(int Width, int Height, int AspectRatioCode, int FrameRateCode, int BitRate);

/// <summary>MPEG-1/2 video start codes: sequence header and picture coding type.</summary>
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

    /// <summary>True when the frame's picture is intra coded (picture_coding_type 1, §6.3.9).</summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> frame)
    {
        var i = Find(frame, PictureStart);
        return i >= 0 && frame.Length - i >= 6 && ((frame[i + 5] >> 3) & 7) == 1;
    }

    private static int Find(ReadOnlySpan<byte> data, byte code)
    {
        for (var i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && data[i + 3] == code)
            {
                return i;
            }
        }

        return -1;
    }
}
