namespace MediaBroker.Formats.Sdp;

/// <summary>
/// Minimal MPEG-4 audio config reading for SDP (ISO 14496-3 §1.6.2.1 and §1.7.3), a private helper until
/// Codecs/Aac's AudioSpecificConfig parser lands on this branch.
/// </summary>
internal static class SdpAudioConfig
{
    private static ReadOnlySpan<int> Rates => [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Sample rate and channels from the first fields of an AudioSpecificConfig (SBR/PS signalling not followed).</summary>
    public static bool TryReadAudioSpecificConfig(ReadOnlySpan<byte> asc, out int sampleRate, out int channels)
    {
        sampleRate = 0;
        channels = 0;
        if (asc.Length < 2)
        {
            return false;
        }

        var bits = (asc[0] << 8) | asc[1];
        var frequencyIndex = (bits >> 7) & 0x0F;
        if (asc[0] >> 3 == 31 || frequencyIndex >= Rates.Length)
        {
            return false; // escape object types and explicit rates are left to the real parser
        }

        sampleRate = Rates[frequencyIndex];
        channels = (bits >> 3) & 0x0F;
        return channels > 0;
    }

    /// <summary>
    /// Extracts the AudioSpecificConfig from a LATM StreamMuxConfig (audioMuxVersion 0, one program, one
    /// layer): it starts 15 bits in. Returns a clean 2-byte ASC, or null.
    /// </summary>
    public static byte[]? FromStreamMuxConfig(ReadOnlySpan<byte> smc)
    {
        if (smc.Length < 4 || (smc[0] & 0x80) != 0)
        {
            return null;
        }

        // Shift left by 15 bits to align the ASC.
        var asc = new byte[2];
        for (var i = 0; i < 2; i++)
        {
            var bit = 15 + (i * 8);
            var word = (smc[bit / 8] << 8) | smc[(bit / 8) + 1];
            asc[i] = (byte)(word >> (8 - (bit % 8)));
        }

        asc[1] &= 0xF8; // keep object type, frequency index and channel configuration; clear GASpecificConfig
        return TryReadAudioSpecificConfig(asc, out _, out _) ? asc : null;
    }
}
