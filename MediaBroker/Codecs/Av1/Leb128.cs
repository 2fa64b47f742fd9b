namespace MediaBroker.Codecs.Av1;

/// <summary>Unsigned LEB128 as AV1 uses it (spec 4.10.5): at most 8 bytes, value below 2^32 in practice.</summary>
public static class Leb128
{
    /// <summary>False when the data ends inside the number.</summary>
    /// <exception cref="CodecProtocolException">More than 8 bytes, or a value above uint.MaxValue.</exception>
    public static bool TryRead(ReadOnlySpan<byte> data, out uint value, out int length)
    {
        ulong v = 0;
        for (var i = 0; i < 8; i++)
        {
            if (i >= data.Length)
            {
                value = 0;
                length = 0;
                return false;
            }

            v |= (ulong)(data[i] & 0x7F) << (7 * i);
            if ((data[i] & 0x80) == 0)
            {
                if (v > uint.MaxValue)
                {
                    throw new CodecProtocolException("leb128 value exceeds 32 bits");
                }

                value = (uint)v;
                length = i + 1;
                return true;
            }
        }

        throw new CodecProtocolException("leb128 longer than 8 bytes");
    }

    public static int SizeOf(uint value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    public static int Write(Span<byte> destination, uint value)
    {
        var n = 0;
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            destination[n++] = value != 0 ? (byte)(b | 0x80) : b;
        }
        while (value != 0);
        return n;
    }
}
