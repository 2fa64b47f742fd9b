namespace MediaBroker.Codecs.Mpeg4Video;

/// <summary>MPEG-4 Part 2 (ISO/IEC 14496-2 §6.2) start codes: configuration headers and VOP types.</summary>
public static class Mpeg4VideoBitstream
{
    public const byte VisualObjectSequenceStart = 0xB0;
    public const byte GroupOfVopStart = 0xB3;
    public const byte VopStart = 0xB6;
    public const byte VideoObjectLayerStartFirst = 0x20;
    public const byte VideoObjectLayerStartLast = 0x2F;

    /// <summary>
    /// Length of the configuration (VOS/VO/VOL headers) at the start of a frame: the bytes before the
    /// first GOV or VOP start code, or 0 when the frame does not begin with a configuration header.
    /// </summary>
    public static int GetConfigLength(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 4 || frame[0] != 0 || frame[1] != 0 || frame[2] != 1 || frame[3] is not (VisualObjectSequenceStart or 0xB5 or <= VideoObjectLayerStartLast))
        {
            return 0;
        }

        for (var i = 0; i + 3 < frame.Length; i++)
        {
            if (frame[i] == 0 && frame[i + 1] == 0 && frame[i + 2] == 1 && frame[i + 3] is GroupOfVopStart or VopStart)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>
    /// True when a decoder can start at this frame: its first VOP is intra coded (vop_coding_type 00, §6.3.5), or the
    /// VOS or VOL configuration headers come before any VOP (encoders send them ahead of an I-VOP).
    /// </summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> frame)
    {
        for (var i = 0; i + 4 < frame.Length; i++)
        {
            if (frame[i] == 0 && frame[i + 1] == 0 && frame[i + 2] == 1)
            {
                var code = frame[i + 3];
                if (code is VisualObjectSequenceStart or (>= VideoObjectLayerStartFirst and <= VideoObjectLayerStartLast))
                {
                    return true;
                }

                if (code == VopStart)
                {
                    return frame[i + 4] >> 6 == 0;
                }
            }
        }

        return false;
    }
}
