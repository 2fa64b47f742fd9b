namespace MediaBroker.Formats.Fmp4.Bitstream;

/// <summary>Removes H.264/H.265 emulation-prevention bytes (00 00 03 → 00 00, H.264 §7.4.1).</summary>
internal static class Rbsp
{
    /// <summary>Writes the RBSP of <paramref name="nal"/> into <paramref name="destination"/> (at least as long) and returns its length.</summary>
    public static int Unescape(ReadOnlySpan<byte> nal, Span<byte> destination)
    {
        var n = 0;
        var zeros = 0;
        foreach (var b in nal)
        {
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }

            zeros = b == 0 ? zeros + 1 : 0;
            destination[n++] = b;
        }

        return n;
    }
}
