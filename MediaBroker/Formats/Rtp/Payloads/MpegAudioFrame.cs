namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// Frame length from an MPEG-1/2/2.5 audio header (ISO 11172-3 §2.4.2.3), to split RTP payloads into
/// frames. A private helper until Codecs/ has the MP3 header parser.
/// </summary>
internal static class MpegAudioFrame
{
    private static ReadOnlySpan<ushort> BitratesV1L1 => [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448];

    private static ReadOnlySpan<ushort> BitratesV1L2 => [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];

    private static ReadOnlySpan<ushort> BitratesV1L3 => [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];

    private static ReadOnlySpan<ushort> BitratesV2L1 => [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];

    private static ReadOnlySpan<ushort> BitratesV2L23 => [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

    /// <summary>Returns the frame length in bytes, or 0 when the header is invalid or free-format.</summary>
    public static int Length(ReadOnlySpan<byte> header)
    {
        if (header.Length < 4 || header[0] != 0xFF || (header[1] & 0xE0) != 0xE0)
        {
            return 0;
        }

        var version = (header[1] >> 3) & 3; // 0 = 2.5, 2 = 2, 3 = 1
        var layer = (header[1] >> 1) & 3;   // 3 = I, 2 = II, 1 = III
        var bitrateIndex = header[2] >> 4;
        var rateIndex = (header[2] >> 2) & 3;
        var padding = (header[2] >> 1) & 1;
        if (version == 1 || layer == 0 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return 0;
        }

        var sampleRate = (rateIndex switch { 0 => 44100, 1 => 48000, _ => 32000 }) >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        var v1 = version == 3;
        int bitrate = (v1, layer) switch
        {
            (true, 3) => BitratesV1L1[bitrateIndex],
            (true, 2) => BitratesV1L2[bitrateIndex],
            (true, _) => BitratesV1L3[bitrateIndex],
            (false, 3) => BitratesV2L1[bitrateIndex],
            _ => BitratesV2L23[bitrateIndex],
        } * 1000;
        if (layer == 3)
        {
            return ((12 * bitrate / sampleRate) + padding) * 4;
        }

        var coefficient = layer == 1 && !v1 ? 72 : 144;
        return (coefficient * bitrate / sampleRate) + padding;
    }
}
