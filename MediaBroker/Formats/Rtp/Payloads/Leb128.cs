namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>AV1's unsigned LEB128 (AV1 spec §4.10.5), at most 8 bytes.</summary>
internal static class Leb128
{
    /// <summary>Reads a value; returns the bytes used, or 0 when the input ends first.</summary>
    public static int Read(ReadOnlySpan<byte> src, out long value)
    {
        value = 0;
        for (var i = 0; i < 8 && i < src.Length; i++)
        {
            value |= (long)(src[i] & 0x7F) << (7 * i);
            if ((src[i] & 0x80) == 0)
            {
                return i + 1;
            }
        }

        return 0;
    }

    public static int Size(long value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    public static void Write(RtpPacketWriter writer, long value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            writer.Append(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }
}
