namespace MediaBroker.Formats.Fmp4.Bitstream;

/// <summary>The VP9 key-frame uncompressed header fields vpcC and tkhd need (VP9 bitstream spec §6.2).</summary>
internal readonly record struct Vp9FrameHeaderFields(int Profile, int BitDepth, int ColorSpace, bool FullRange, bool SubsamplingX, bool SubsamplingY, int Width, int Height)
{
    private const int CsRgb = 7;

    /// <summary>Returns false unless <paramref name="frame"/> starts with a key frame header.</summary>
    public static bool TryParseKeyFrame(ReadOnlySpan<byte> frame, out Vp9FrameHeaderFields fields)
    {
        fields = default;
        var r = new BitReader(frame);
        if (r.Bits(2) != 2)
        {
            return false; // frame_marker
        }

        var low = (int)r.Bit();
        var profile = ((int)r.Bit() << 1) | low;
        if (profile == 3)
        {
            r.Skip(1);
        }

        if (r.Flag() || r.Flag())
        {
            return false; // show_existing_frame, or frame_type != KEY_FRAME
        }

        r.Skip(2); // show_frame, error_resilient_mode
        if (r.Bits(24) != 0x498342)
        {
            return false;
        }

        var bitDepth = profile >= 2 ? (r.Flag() ? 12 : 10) : 8;
        var colorSpace = (int)r.Bits(3);
        bool fullRange, ssx = true, ssy = true;
        if (colorSpace != CsRgb)
        {
            fullRange = r.Flag();
            if (profile is 1 or 3)
            {
                ssx = r.Flag();
                ssy = r.Flag();
                r.Skip(1);
            }
        }
        else
        {
            fullRange = true;
            ssx = ssy = false;
            if (profile is 1 or 3)
            {
                r.Skip(1);
            }
        }

        var width = (int)r.Bits(16) + 1;
        var height = (int)r.Bits(16) + 1;
        if (r.Overrun)
        {
            return false;
        }

        fields = new Vp9FrameHeaderFields(profile, bitDepth, colorSpace, fullRange, ssx, ssy, width, height);
        return true;
    }
}
