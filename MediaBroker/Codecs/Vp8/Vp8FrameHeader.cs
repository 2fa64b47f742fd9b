namespace MediaBroker.Codecs.Vp8;

/// <summary>VP8 frame tag and, for key frames, the start code and dimensions (RFC 6386 §9.1).</summary>
public readonly record struct Vp8FrameHeader(bool KeyFrame, int Version, bool ShowFrame, int FirstPartitionSize, int Width, int Height)
{
    /// <summary>False when fewer than 3 bytes (10 for a key frame) are present.</summary>
    /// <exception cref="CodecProtocolException">A key frame without the 9D 01 2A start code.</exception>
    public static bool TryParse(ReadOnlySpan<byte> frame, out Vp8FrameHeader header)
    {
        header = default;
        if (frame.Length < 3)
        {
            return false;
        }

        var tag = frame[0] | (frame[1] << 8) | (frame[2] << 16);
        var key = (tag & 1) == 0;
        int width = 0, height = 0;
        if (key)
        {
            if (frame.Length < 10)
            {
                return false;
            }

            if (frame[3] != 0x9D || frame[4] != 0x01 || frame[5] != 0x2A)
            {
                throw new CodecProtocolException("VP8 key frame start code missing");
            }

            width = (frame[6] | (frame[7] << 8)) & 0x3FFF;
            height = (frame[8] | (frame[9] << 8)) & 0x3FFF;
        }

        header = new Vp8FrameHeader(key, (tag >> 1) & 7, ((tag >> 4) & 1) != 0, tag >> 5, width, height);
        return true;
    }
}
