namespace MediaBroker.Codecs.Av1;

/// <summary>
/// Converts a temporal unit between the low-overhead bitstream format (AV1 spec 5.2: every OBU with
/// obu_size, a temporal delimiter first; used by MPEG-TS, MP4 samples, .obu files) and our unit form:
/// the OBUs without obu_size and without temporal delimiters, as RTP carries them (AV1 RTP spec 4.3).
/// </summary>
public static class Av1TemporalUnit
{
    /// <summary>Splits a low-overhead temporal unit into unit-form OBUs (copied, since their headers change).</summary>
    /// <exception cref="CodecProtocolException">An OBU without obu_size before the last, or truncated data.</exception>
    public static ReadOnlyMemory<byte>[] Split(ReadOnlySpan<byte> temporalUnit)
    {
        var count = 0;
        var size = 0;
        for (var pos = 0; pos < temporalUnit.Length;)
        {
            var h = Read(temporalUnit[pos..]);
            if (h.Type != Av1ObuType.TemporalDelimiter)
            {
                count++;
                size += h.BaseHeaderLength + h.PayloadLength;
            }

            pos += h.TotalLength;
        }

        var buffer = new byte[size];
        var result = new ReadOnlyMemory<byte>[count];
        var n = 0;
        var w = 0;
        for (var pos = 0; pos < temporalUnit.Length;)
        {
            var h = Read(temporalUnit[pos..]);
            if (h.Type != Av1ObuType.TemporalDelimiter)
            {
                var start = w;
                buffer[w++] = (byte)(temporalUnit[pos] & ~0x02);
                if (h.HasExtension)
                {
                    buffer[w++] = temporalUnit[pos + 1];
                }

                temporalUnit.Slice(pos + h.HeaderLength, h.PayloadLength).CopyTo(buffer.AsSpan(w));
                w += h.PayloadLength;
                result[n++] = buffer.AsMemory(start, w - start);
            }

            pos += h.TotalLength;
        }

        return result;
    }

    /// <summary>Bytes <see cref="Write"/> needs for these OBUs.</summary>
    public static int GetLength(ReadOnlySpan<ReadOnlyMemory<byte>> obus, bool includeTemporalDelimiter = true)
    {
        var n = includeTemporalDelimiter ? 2 : 0;
        foreach (var obu in obus)
        {
            n += Read(obu.Span).SizedLength;
        }

        return n;
    }

    /// <summary>Writes OBUs (with or without obu_size) in low-overhead format; returns the bytes written.</summary>
    public static int Write(ReadOnlySpan<ReadOnlyMemory<byte>> obus, Span<byte> destination, bool includeTemporalDelimiter = true)
    {
        var w = 0;
        if (includeTemporalDelimiter)
        {
            destination[w++] = 0x12; // OBU_TEMPORAL_DELIMITER with obu_has_size_field
            destination[w++] = 0;
        }

        foreach (var obu in obus)
        {
            var span = obu.Span;
            var h = Read(span);
            w += h.WriteSizedHeader(span, destination[w..]);
            span.Slice(h.HeaderLength, h.PayloadLength).CopyTo(destination[w..]);
            w += h.PayloadLength;
        }

        return w;
    }

    public static byte[] ToLowOverhead(ReadOnlySpan<ReadOnlyMemory<byte>> obus, bool includeTemporalDelimiter = true)
    {
        var b = new byte[GetLength(obus, includeTemporalDelimiter)];
        Write(obus, b, includeTemporalDelimiter);
        return b;
    }

    /// <summary>
    /// True when a decoder can start here: the unit carries a sequence header (how encoders mark key
    /// frames for streaming), or a frame header with show_existing_frame = 0 and frame_type KEY_FRAME.
    /// </summary>
    public static bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> obus)
    {
        foreach (var obu in obus)
        {
            var span = obu.Span;
            if (!Av1ObuHeader.TryRead(span, out var h))
            {
                continue;
            }

            if (h.Type == Av1ObuType.SequenceHeader)
            {
                return true;
            }

            // uncompressed_header(), 5.9.2, assuming reduced_still_picture_header = 0: 0 (show_existing) 00 (KEY).
            if (h.Type is Av1ObuType.Frame or Av1ObuType.FrameHeader && h.PayloadLength > 0 && (span[h.HeaderLength] & 0xE0) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static Av1ObuHeader Read(ReadOnlySpan<byte> data)
    {
        if (!Av1ObuHeader.TryRead(data, out var h))
        {
            throw new CodecProtocolException("truncated OBU");
        }

        return h;
    }
}
