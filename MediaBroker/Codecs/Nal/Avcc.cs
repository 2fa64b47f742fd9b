using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Codecs.Nal;

/// <summary>
/// Length-prefixed NAL units (ISO 14496-15 "AVCC"/"HVCC" sample format) as used by MP4, FLV and RTMP.
/// The prefix size comes from the decoder configuration record (lengthSizeMinusOne + 1, usually 4).
/// </summary>
public static class Avcc
{
    /// <summary>Splits a sample into NAL unit slices (no copies).</summary>
    /// <exception cref="CodecProtocolException">A length runs past the end of the sample.</exception>
    public static ReadOnlyMemory<byte>[] Split(ReadOnlyMemory<byte> sample, int lengthSize = 4)
    {
        ValidateLengthSize(lengthSize);
        var span = sample.Span;
        var count = 0;
        var pos = 0;
        while (pos < span.Length)
        {
            var len = ReadLength(span, pos, lengthSize);
            pos += lengthSize + len;
            if (len > 0)
            {
                count++;
            }
        }

        var result = new ReadOnlyMemory<byte>[count];
        pos = 0;
        var n = 0;
        while (pos < span.Length)
        {
            var len = ReadLength(span, pos, lengthSize);
            if (len > 0)
            {
                result[n++] = sample.Slice(pos + lengthSize, len);
            }

            pos += lengthSize + len;
        }

        return result;
    }

    public static int GetLength(ReadOnlySpan<ReadOnlyMemory<byte>> nalus, int lengthSize = 4)
    {
        var n = 0;
        foreach (var nalu in nalus)
        {
            n += lengthSize + nalu.Length;
        }

        return n;
    }

    /// <summary>Writes length-prefixed NAL units; returns the bytes written.</summary>
    public static int Write(ReadOnlySpan<ReadOnlyMemory<byte>> nalus, Span<byte> destination, int lengthSize = 4)
    {
        ValidateLengthSize(lengthSize);
        var n = 0;
        foreach (var nalu in nalus)
        {
            var len = nalu.Length;
            if (lengthSize < 4 && len >= 1 << (8 * lengthSize))
            {
                throw new ArgumentException($"NAL unit of {len} bytes does not fit a {lengthSize}-byte length", nameof(nalus));
            }

            for (var i = lengthSize - 1; i >= 0; i--)
            {
                destination[n + i] = (byte)len;
                len >>= 8;
            }

            nalu.Span.CopyTo(destination[(n + lengthSize)..]);
            n += lengthSize + nalu.Length;
        }

        return n;
    }

    public static void Write(ReadOnlySpan<ReadOnlyMemory<byte>> nalus, IBufferWriter<byte> writer, int lengthSize = 4)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = GetLength(nalus, lengthSize);
        Write(nalus, writer.GetSpan(length), lengthSize);
        writer.Advance(length);
    }

    private static int ReadLength(ReadOnlySpan<byte> span, int pos, int lengthSize)
    {
        if (span.Length - pos < lengthSize)
        {
            throw new CodecProtocolException("truncated NAL unit length prefix");
        }

        var len = lengthSize switch
        {
            1 => span[pos],
            2 => BinaryPrimitives.ReadUInt16BigEndian(span[pos..]),
            3 => (span[pos] << 16) | (span[pos + 1] << 8) | span[pos + 2],
            _ => (long)BinaryPrimitives.ReadUInt32BigEndian(span[pos..]),
        };
        if (len > span.Length - pos - lengthSize)
        {
            throw new CodecProtocolException($"NAL unit length {len} runs past the end of the sample");
        }

        return (int)len;
    }

    private static void ValidateLengthSize(int lengthSize)
    {
        if (lengthSize is not (1 or 2 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(lengthSize), lengthSize, "length size must be 1, 2, 3 or 4");
        }
    }
}
