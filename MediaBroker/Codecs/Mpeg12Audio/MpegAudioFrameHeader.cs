namespace MediaBroker.Codecs.Mpeg12Audio;

/// <summary>MPEG-1/2/2.5 audio frame header, ISO/IEC 11172-3 §2.4.1.3 and 13818-3 (MP1, MP2, MP3).</summary>
public readonly record struct MpegAudioFrameHeader(int Version, int Layer, int Bitrate, int SampleRate, int ChannelCount, int FrameLength, int SamplesPerFrame, bool HasCrc)
{
    public const int Length = 4;

    // kbit/s by bitrate_index 1..14: MPEG-1 layers I, II, III, then MPEG-2/2.5 layer I, layers II/III.
    private static ReadOnlySpan<short> Bitrates =>
    [
        32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
        32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
        32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
        8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160,
    ];

    /// <summary>Version is 1, 2, or 25 for MPEG-2.5. False when fewer than 4 bytes are present.</summary>
    /// <exception cref="CodecProtocolException">No sync, reserved version/layer/rate, or free-format bitrate.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, out MpegAudioFrameHeader header)
    {
        header = default;
        if (data.Length < Length)
        {
            return false;
        }

        if (data[0] != 0xFF || (data[1] & 0xE0) != 0xE0)
        {
            throw new CodecProtocolException("MPEG audio sync missing");
        }

        var version = ((data[1] >> 3) & 3) switch { 0 => 25, 2 => 2, 3 => 1, _ => throw new CodecProtocolException("reserved MPEG audio version") };
        var layer = 4 - ((data[1] >> 1) & 3);
        if (layer == 4)
        {
            throw new CodecProtocolException("reserved MPEG audio layer");
        }

        var bitrateIndex = data[2] >> 4;
        if (bitrateIndex is 0 or 15)
        {
            throw new CodecProtocolException("free-format or invalid MPEG audio bitrate");
        }

        var rateIndex = (data[2] >> 2) & 3;
        if (rateIndex == 3)
        {
            throw new CodecProtocolException("reserved MPEG audio sampling frequency");
        }

        var sampleRate = (rateIndex switch { 0 => 44100, 1 => 48000, _ => 32000 }) / (version == 1 ? 1 : version == 2 ? 2 : 4);
        var table = version == 1 ? layer - 1 : layer == 1 ? 3 : 4;
        var bitrate = Bitrates[(table * 14) + bitrateIndex - 1] * 1000;
        var padding = (data[2] >> 1) & 1;
        var samples = layer == 1 ? 384 : layer == 2 || version == 1 ? 1152 : 576;
        var length = layer == 1 ? ((12 * bitrate / sampleRate) + padding) * 4 : (samples / 8 * bitrate / sampleRate) + padding;
        header = new MpegAudioFrameHeader(version, layer, bitrate, sampleRate, (data[3] >> 6) == 3 ? 1 : 2, length, samples, (data[1] & 1) == 0);
        return true;
    }
}
