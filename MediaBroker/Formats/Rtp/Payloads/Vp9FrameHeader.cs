namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>The first bits of a VP9 uncompressed frame header (VP9 bitstream spec §6.2), enough to spot key frames.</summary>
internal static class Vp9FrameHeader
{
    public static bool IsKeyFrame(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 1)
        {
            return false;
        }

        // frame_marker(2) profile_low(1) profile_high(1) [reserved_zero(1) if profile 3] show_existing_frame(1) frame_type(1)
        var bits = (frame[0] << 8) | (frame.Length > 1 ? frame[1] : 0);
        if (bits >> 14 != 2)
        {
            return false;
        }

        var profile = ((bits >> 13) & 1) | (((bits >> 12) & 1) << 1);
        var pos = profile == 3 ? 10 : 11; // bit index (LSB = 0) of show_existing_frame
        if (((bits >> pos) & 1) != 0)
        {
            return false;
        }

        return ((bits >> (pos - 1)) & 1) == 0;
    }
}
