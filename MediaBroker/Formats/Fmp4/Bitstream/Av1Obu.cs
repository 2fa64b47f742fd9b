namespace MediaBroker.Formats.Fmp4.Bitstream;

/// <summary>
/// AV1 OBU framing (AV1 §5.3): header byte, optional extension byte, optional leb128 size. ISOBMFF
/// (AV1-ISOBMFF §2.4) wants every OBU of a sample in low-overhead form, i.e. with obu_has_size_field set.
/// </summary>
internal static class Av1Obu
{
    public const int TemporalDelimiter = 2;
    public const int SequenceHeader = 1;
    public const int Padding = 15;

    /// <summary>
    /// Reads the OBU at the start of <paramref name="data"/>. Without a size field it runs to the end of the span.
    /// Returns false when the header or size is cut short.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out int type, out int headerLength, out int payloadOffset, out int payloadLength)
    {
        type = headerLength = payloadOffset = payloadLength = 0;
        if (data.IsEmpty)
        {
            return false;
        }

        var b = data[0];
        type = (b >> 3) & 0xF;
        headerLength = (b & 0x04) != 0 ? 2 : 1;
        if (data.Length < headerLength)
        {
            return false;
        }

        if ((b & 0x02) == 0)
        {
            payloadOffset = headerLength;
            payloadLength = data.Length - headerLength;
            return true;
        }

        if (!TryReadLeb128(data[headerLength..], out var size, out var sizeLength) || size > (ulong)(data.Length - headerLength - sizeLength))
        {
            return false;
        }

        payloadOffset = headerLength + sizeLength;
        payloadLength = (int)size;
        return true;
    }

    public static bool TryReadLeb128(ReadOnlySpan<byte> data, out ulong value, out int length)
    {
        value = 0;
        for (length = 0; length < 8 && length < data.Length; length++)
        {
            value |= (ulong)(data[length] & 0x7F) << (7 * length);
            if ((data[length] & 0x80) == 0)
            {
                length++;
                return true;
            }
        }

        return false;
    }

    public static int Leb128Length(int value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    /// <summary>Writes the OBU header with obu_has_size_field set, then the leb128 size; returns the bytes written.</summary>
    public static int WriteSizedHeader(Span<byte> destination, ReadOnlySpan<byte> header, int payloadLength)
    {
        header.CopyTo(destination);
        destination[0] |= 0x02;
        var n = header.Length;
        var v = payloadLength;
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            destination[n++] = v != 0 ? (byte)(b | 0x80) : b;
        }
        while (v != 0);

        return n;
    }

    /// <summary>Writes the OBU in low-overhead form (header, size, payload); returns the bytes written.</summary>
    public static int WriteSized(Span<byte> destination, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        var n = WriteSizedHeader(destination, header, payload.Length);
        payload.CopyTo(destination[n..]);
        return n + payload.Length;
    }
}
