using System.Buffers;

namespace MediaBroker.Codecs.Nal;

/// <summary>
/// H.264 Annex B / H.265 Annex B byte stream: NAL units separated by 00 00 01 or 00 00 00 01 start codes.
/// Used by MPEG-TS and raw elementary streams; our units hold the NAL units without start codes.
/// </summary>
public static class AnnexB
{
    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    /// <summary>
    /// Splits an Annex B buffer into NAL units. The results are slices of <paramref name="data"/> (no copies);
    /// trailing zero bytes (trailing_zero_8bits) are dropped and empty NAL units skipped.
    /// </summary>
    /// <exception cref="CodecProtocolException">Non-zero bytes precede the first start code.</exception>
    public static ReadOnlyMemory<byte>[] Split(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var count = 0;
        var start = -1;
        var i = 0;
        // Two passes (count, then slice) keep the result a single right-sized array.
        while (TryFindStartCode(span, i, out var scPos, out var scLen))
        {
            if (start < 0)
            {
                if (span[..scPos].ContainsAnyExcept((byte)0))
                {
                    throw new CodecProtocolException("Annex B data does not begin with a start code");
                }
            }
            else if (TrimmedEnd(span, start, scPos) > start)
            {
                count++;
            }

            start = scPos + scLen;
            i = start;
        }

        if (start < 0)
        {
            if (span.ContainsAnyExcept((byte)0))
            {
                throw new CodecProtocolException("Annex B data does not contain a start code");
            }

            return [];
        }

        if (TrimmedEnd(span, start, span.Length) > start)
        {
            count++;
        }

        var result = new ReadOnlyMemory<byte>[count];
        var n = 0;
        start = -1;
        i = 0;
        while (TryFindStartCode(span, i, out var scPos, out var scLen))
        {
            if (start >= 0)
            {
                var end = TrimmedEnd(span, start, scPos);
                if (end > start)
                {
                    result[n++] = data[start..end];
                }
            }

            start = scPos + scLen;
            i = start;
        }

        var last = TrimmedEnd(span, start, span.Length);
        if (last > start)
        {
            result[n] = data[start..last];
        }

        return result;
    }

    /// <summary>
    /// Iterates NAL units without allocating: finds the next start code at or after <paramref name="position"/> and
    /// returns the bytes up to the following one (trailing zeros trimmed; may be empty), advancing
    /// <paramref name="position"/> past them. Unlike <see cref="Split"/>, bytes before the first start code are skipped,
    /// as demuxers resynchronise on damaged input. False when no start code is left.
    /// </summary>
    public static bool TryReadNext(ReadOnlySpan<byte> data, ref int position, out int start, out int length)
    {
        start = length = 0;
        if (!TryFindStartCode(data, position, out var scPos, out var scLen))
        {
            position = data.Length;
            return false;
        }

        start = scPos + scLen;
        var end = TryFindStartCode(data, start, out var next, out _) ? next : data.Length;
        position = end;
        length = TrimmedEnd(data, start, end) - start;
        return true;
    }

    /// <summary>Bytes needed to write <paramref name="nalus"/> with 4-byte start codes.</summary>
    public static int GetLength(ReadOnlySpan<ReadOnlyMemory<byte>> nalus)
    {
        var n = 0;
        foreach (var nalu in nalus)
        {
            n += 4 + nalu.Length;
        }

        return n;
    }

    /// <summary>Writes the NAL units with 4-byte start codes; returns the bytes written.</summary>
    public static int Write(ReadOnlySpan<ReadOnlyMemory<byte>> nalus, Span<byte> destination)
    {
        var n = 0;
        foreach (var nalu in nalus)
        {
            StartCode.CopyTo(destination[n..]);
            nalu.Span.CopyTo(destination[(n + 4)..]);
            n += 4 + nalu.Length;
        }

        return n;
    }

    public static void Write(ReadOnlySpan<ReadOnlyMemory<byte>> nalus, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = GetLength(nalus);
        Write(nalus, writer.GetSpan(length));
        writer.Advance(length);
    }

    public static byte[] Join(ReadOnlySpan<ReadOnlyMemory<byte>> nalus)
    {
        var result = new byte[GetLength(nalus)];
        Write(nalus, result);
        return result;
    }

    // Finds 00 00 01 at or after "from". A fourth leading zero belongs to the previous NAL unit's
    // trailing zeros, which TrimmedEnd removes (a NAL unit never ends in 0x00, H.264 7.4.1).
    private static bool TryFindStartCode(ReadOnlySpan<byte> span, int from, out int position, out int length)
    {
        while (from + 3 <= span.Length)
        {
            var k = span[(from + 2)..].IndexOf((byte)1);
            if (k < 0)
            {
                break;
            }

            var one = from + 2 + k;
            if (span[one - 1] == 0 && span[one - 2] == 0)
            {
                position = one - 2;
                length = 3;
                return true;
            }

            from = one - 1;
        }

        position = -1;
        length = 0;
        return false;
    }

    private static int TrimmedEnd(ReadOnlySpan<byte> span, int start, int end)
    {
        while (end > start && span[end - 1] == 0)
        {
            end--;
        }

        return end;
    }
}
