namespace MediaBroker.Codecs.Vp9;

/// <summary>
/// The start of a VP9 uncompressed_header() (VP9 bitstream spec §6.2): profile, frame type and, for key
/// frames, color config and size. Width/height/bit depth are 0 on non-key frames.
/// </summary>
public readonly record struct Vp9FrameHeader(int Profile, bool ShowExistingFrame, bool KeyFrame, bool ShowFrame, int BitDepth, int ColorSpace, bool FullRange, bool SubsamplingX, bool SubsamplingY, int Width, int Height)
{
    /// <summary>
    /// True when <paramref name="frame"/> starts a key frame (frame_marker 2, show_existing_frame 0, frame_type KEY_FRAME).
    /// Reads only the first byte and never throws: packetizers use it to set the RTP inter-picture flag on any input.
    /// </summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> frame)
    {
        var r = new BitReader(frame);
        if (r.ReadBits(2) != 2)
        {
            return false;
        }

        var profile = (int)r.ReadBits(1) | ((int)r.ReadBits(1) << 1);
        if (profile == 3)
        {
            r.Skip(1); // reserved_zero
        }

        var showExisting = r.ReadFlag();
        var interFrame = r.ReadFlag();
        return !r.Overrun && !showExisting && !interFrame;
    }

    /// <summary>False when the frame ends inside the fields read.</summary>
    /// <exception cref="CodecProtocolException">Bad frame_marker or frame_sync_code.</exception>
    public static bool TryParse(ReadOnlySpan<byte> frame, out Vp9FrameHeader header)
    {
        header = default;
        var r = new BitReader(frame);
        if (frame.IsEmpty)
        {
            return false;
        }

        if (r.ReadBits(2) != 2)
        {
            throw new CodecProtocolException("VP9 frame_marker is not 2");
        }

        var low = (int)r.ReadBits(1);
        var profile = ((int)r.ReadBits(1) << 1) | low;
        if (profile == 3)
        {
            r.Skip(1);
        }

        if (r.ReadFlag())
        {
            header = new Vp9FrameHeader(profile, true, false, true, 0, 0, false, false, false, 0, 0);
            return !r.Overrun;
        }

        var key = !r.ReadFlag();
        var show = r.ReadFlag();
        r.Skip(1); // error_resilient_mode
        if (!key)
        {
            header = new Vp9FrameHeader(profile, false, false, show, 0, 0, false, false, false, 0, 0);
            return !r.Overrun;
        }

        if (r.Overrun)
        {
            return false;
        }

        if (r.ReadBits(24) != 0x498342 && !r.Overrun)
        {
            throw new CodecProtocolException("VP9 frame_sync_code missing");
        }

        var depth = profile >= 2 ? (r.ReadFlag() ? 12 : 10) : 8;
        var colorSpace = (int)r.ReadBits(3);
        bool full, sx, sy;
        if (colorSpace != 7)
        {
            full = r.ReadFlag();
            sx = sy = true;
            if (profile is 1 or 3)
            {
                sx = r.ReadFlag();
                sy = r.ReadFlag();
                r.Skip(1);
            }
        }
        else
        {
            full = true;
            sx = sy = false;
            if (profile is 1 or 3)
            {
                r.Skip(1);
            }
        }

        var width = (int)r.ReadBits(16) + 1;
        var height = (int)r.ReadBits(16) + 1;
        if (r.Overrun)
        {
            return false;
        }

        header = new Vp9FrameHeader(profile, false, true, show, depth, colorSpace, full, sx, sy, width, height);
        return true;
    }
}
