namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// AC-3 syncinfo and the start of bsi (ATSC A/52 §5.3), enough to split frames and describe the track.
/// A minimal helper kept here until the shared Codecs parser lands.
/// </summary>
internal readonly record struct Ac3Header(int SampleRate, int ChannelCount, int FrameLength)
{
    public const int SamplesPerFrame = 1536;

    private static ReadOnlySpan<short> Bitrates => [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640];

    private static ReadOnlySpan<byte> ChannelsByMode => [2, 1, 2, 3, 3, 4, 4, 5];

    public static bool TryRead(ReadOnlySpan<byte> data, out Ac3Header header)
    {
        header = default;
        if (data.Length < 7)
        {
            return false;
        }

        if (data[0] != 0x0B || data[1] != 0x77)
        {
            throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "AC-3 syncword missing");
        }

        var fscod = data[4] >> 6;
        var frmsizecod = data[4] & 0x3F;
        var bsid = data[5] >> 3;
        if (fscod == 3 || frmsizecod >= 38 || bsid > 10)
        {
            throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "unsupported AC-3 header (or E-AC-3)");
        }

        var kbps = Bitrates[frmsizecod >> 1];
        // Table 5.18 in 16-bit words: 48 kHz 2×kbps, 32 kHz 3×kbps, 44.1 kHz kbps×320/147 plus the odd-code padding word.
        var words = fscod switch
        {
            0 => kbps * 2,
            1 => (kbps * 320 / 147) + (frmsizecod & 1),
            _ => kbps * 3,
        };

        // bsi: acmod(3), then optional 2-bit mix levels, then lfeon.
        var acmod = data[6] >> 5;
        var bit = 3;
        if ((acmod & 1) != 0 && acmod != 1)
        {
            bit += 2;
        }

        if ((acmod & 4) != 0)
        {
            bit += 2;
        }

        if (acmod == 2)
        {
            bit += 2;
        }

        var bits = (data[6] << 8) | (data.Length > 7 ? data[7] : 0);
        var lfe = (bits >> (15 - bit)) & 1;
        header = new Ac3Header(fscod switch { 0 => 48000, 1 => 44100, _ => 32000 }, ChannelsByMode[acmod] + lfe, words * 2);
        return true;
    }
}
