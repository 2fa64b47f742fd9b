namespace MediaBroker.Codecs.Nal;

/// <summary>
/// H.264 7.4.1 / H.265 7.4.2: inside a NAL unit every 0x000003 sequence hides a 0x0000 followed by a
/// byte &lt;= 3. Parsers read the RBSP, i.e. the bytes with those 0x03 removed.
/// </summary>
public static class EmulationPrevention
{
    /// <summary>Copies <paramref name="nalu"/> into <paramref name="destination"/> without emulation prevention bytes.</summary>
    /// <returns>The RBSP length (at most <c>nalu.Length</c>, so a destination that large always suffices).</returns>
    public static int Remove(ReadOnlySpan<byte> nalu, Span<byte> destination)
    {
        if (destination.Length < nalu.Length)
        {
            // The RBSP can only be shorter; refuse the ambiguous case rather than truncate silently.
            throw new ArgumentException("destination must be at least as long as the NAL unit", nameof(destination));
        }

        var zeros = 0;
        var n = 0;
        foreach (var b in nalu)
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

    /// <summary>Inserts emulation prevention bytes; <paramref name="destination"/> needs <c>rbsp.Length * 3 / 2 + 1</c> bytes.</summary>
    public static int Add(ReadOnlySpan<byte> rbsp, Span<byte> destination)
    {
        var zeros = 0;
        var n = 0;
        foreach (var b in rbsp)
        {
            if (zeros >= 2 && b <= 3)
            {
                destination[n++] = 3;
                zeros = 0;
            }

            zeros = b == 0 ? zeros + 1 : 0;
            destination[n++] = b;
        }

        return n;
    }
}
