namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// Splits an Annex B byte stream (ITU-T H.264 Annex B) into NAL units. A minimal helper kept here
/// until the shared Codecs parser lands.
/// </summary>
internal static class AnnexB
{
    /// <summary>
    /// Finds the next NAL unit at or after <paramref name="position"/>; returns false when none is left.
    /// Trailing zero bytes (trailing_zero_8bits, the first byte of a 4-byte start code) are trimmed.
    /// </summary>
    public static bool TryNext(ReadOnlySpan<byte> data, ref int position, out int start, out int length)
    {
        start = length = 0;
        var s = FindStartCode(data, position);
        if (s < 0)
        {
            position = data.Length;
            return false;
        }

        start = s + 3;
        var next = FindStartCode(data, start);
        var end = next < 0 ? data.Length : next;
        position = end;
        while (end > start && data[end - 1] == 0)
        {
            end--;
        }

        length = end - start;
        return true;
    }

    /// <summary>Index of the next 00 00 01 at or after <paramref name="from"/>, or -1.</summary>
    private static int FindStartCode(ReadOnlySpan<byte> data, int from)
    {
        while (from + 3 <= data.Length)
        {
            var i = data[from..].IndexOf((byte)1);
            if (i < 0)
            {
                return -1;
            }

            var one = from + i;
            if (one >= 2 && data[one - 1] == 0 && data[one - 2] == 0 && one - 2 >= from)
            {
                return one - 2;
            }

            from = one + 1;
        }

        return -1;
    }
}
