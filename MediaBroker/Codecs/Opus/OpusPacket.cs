namespace MediaBroker.Codecs.Opus;

/// <summary>The TOC byte of an Opus packet and the packet's duration, RFC 6716 §3.1-3.2.</summary>
public readonly record struct OpusPacket(int Config, bool Stereo, int FrameCountCode, int FrameCount, int SamplesPerFrame)
{
    /// <summary>Samples (at 48 kHz) the whole packet decodes to.</summary>
    public int Duration => FrameCount * SamplesPerFrame;

    /// <summary>Reads the TOC (and the frame count byte of code 3 packets). False when those bytes are missing.</summary>
    /// <exception cref="CodecProtocolException">A code 3 packet with 0 frames or more than 120 ms (§3.2.5).</exception>
    public static bool TryParse(ReadOnlySpan<byte> packet, out OpusPacket result)
    {
        result = default;
        if (packet.IsEmpty)
        {
            return false;
        }

        var toc = packet[0];
        var config = toc >> 3;
        var samples = FrameSamples(config);
        var code = toc & 3;
        int frames;
        if (code == 3)
        {
            if (packet.Length < 2)
            {
                return false;
            }

            frames = packet[1] & 0x3F;
            if (frames == 0 || frames * samples > 5760)
            {
                throw new CodecProtocolException($"Opus code 3 packet with {frames} frames of {samples} samples");
            }
        }
        else
        {
            frames = code == 0 ? 1 : 2;
        }

        result = new OpusPacket(config, (toc & 4) != 0, code, frames, samples);
        return true;
    }

    /// <summary>Samples per frame at 48 kHz for a TOC configuration (Table 2).</summary>
    public static int FrameSamples(int config) => config switch
    {
        < 12 => (config & 3) switch { 0 => 480, 1 => 960, 2 => 1920, _ => 2880 }, // SILK 10/20/40/60 ms
        < 16 => (config & 1) == 0 ? 480 : 960, // Hybrid 10/20 ms
        _ => (config & 3) switch { 0 => 120, 1 => 240, 2 => 480, _ => 960 }, // CELT 2.5/5/10/20 ms
    };
}
