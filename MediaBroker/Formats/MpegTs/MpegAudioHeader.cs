namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// The 4-byte header of an MPEG-1/2 audio frame (ISO/IEC 11172-3 §2.4.2.3, 13818-3), enough to split
/// frames and time them. A minimal helper kept here until the shared Codecs parser lands.
/// </summary>
internal readonly record struct MpegAudioHeader(int SampleRate, int ChannelCount, int FrameLength, int SamplesPerFrame)
{
    // Bitrates in kbit/s by [table][index]: V1 L1, V1 L2, V1 L3, V2 L1, V2 L2/L3.
    private static ReadOnlySpan<short> Bitrates =>
    [
        0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
        0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
        0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160,
    ];

    public static bool TryRead(ReadOnlySpan<byte> data, out MpegAudioHeader header)
    {
        header = default;
        if (data.Length < 4)
        {
            return false;
        }

        if (data[0] != 0xFF || (data[1] & 0xE0) != 0xE0)
        {
            throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "MPEG audio sync missing");
        }

        var version = (data[1] >> 3) & 0x3; // 0: 2.5, 2: 2, 3: 1
        var layer = 4 - ((data[1] >> 1) & 0x3); // 1..3
        var bitrateIndex = data[2] >> 4;
        var rateIndex = (data[2] >> 2) & 0x3;
        if (version == 1 || layer == 4 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "unsupported MPEG audio header");
        }

        var padding = (data[2] >> 1) & 0x1;
        var table = version == 3 ? layer - 1 : (layer == 1 ? 3 : 4);
        var bitrate = Bitrates[(table * 15) + bitrateIndex] * 1000;
        var sampleRate = (rateIndex switch { 0 => 44100, 1 => 48000, _ => 32000 }) >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        var samples = layer switch { 1 => 384, 2 => 1152, _ => version == 3 ? 1152 : 576 };
        var length = layer == 1
            ? ((12 * bitrate / sampleRate) + padding) * 4
            : (samples / 8 * bitrate / sampleRate) + padding;
        header = new MpegAudioHeader(sampleRate, (data[3] >> 6) == 3 ? 1 : 2, length, samples);
        return true;
    }
}
