namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>AC-3 sync frame size from its header (ATSC A/52 Table 5.18); a private helper until Codecs/ has one.</summary>
internal static class Ac3Frame
{
    private static ReadOnlySpan<ushort> Bitrates => [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640];

    /// <summary>Frame length in bytes, or 0 when the header is not an AC-3 sync frame.</summary>
    public static int Length(ReadOnlySpan<byte> header)
    {
        if (header.Length < 5 || header[0] != 0x0B || header[1] != 0x77)
        {
            return 0;
        }

        var fscod = header[4] >> 6;
        var frmsizecod = header[4] & 0x3F;
        if (fscod == 3 || frmsizecod / 2 >= Bitrates.Length)
        {
            return 0;
        }

        var kbps = Bitrates[frmsizecod / 2];
        var words = fscod switch
        {
            0 => kbps * 2,
            1 => (kbps * 96000 / 44100) + (frmsizecod & 1),
            _ => kbps * 3,
        };
        return words * 2;
    }
}
