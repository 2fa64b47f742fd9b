using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Formats.Flv;

/// <summary>
/// The FLV file framing around tag bodies (Adobe FLV spec v10.1, Annex E.2-E.3): a 9-byte header and
/// PreviousTagSize0, then per tag an 11-byte tag header, the body and the 4-byte size of the tag just written.
/// HTTP-FLV is this file written without end.
/// </summary>
public static class FlvFileWriter
{
    /// <summary>Header (9 bytes) plus PreviousTagSize0 (4 bytes).</summary>
    public const int FileHeaderLength = 13;

    public const int TagHeaderLength = 11;

    /// <summary>"FLV", version 1, the TypeFlags of the tracks present, DataOffset 9, then PreviousTagSize0 = 0.</summary>
    public static int WriteFileHeader(IBufferWriter<byte> output, bool hasVideo, bool hasAudio)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(FileHeaderLength);
        "FLV"u8.CopyTo(span);
        span[3] = 1;
        span[4] = (byte)((hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(span[5..], 9);
        BinaryPrimitives.WriteUInt32BigEndian(span[9..], 0);
        output.Advance(FileHeaderLength);
        return FileHeaderLength;
    }

    /// <summary>One tag and its PreviousTagSize; returns the bytes written. <paramref name="timestamp"/> is in milliseconds.</summary>
    public static int WriteTag(IBufferWriter<byte> output, FlvTagType type, uint timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (body.Length > 0xFFFFFF)
        {
            throw new ArgumentException("an FLV tag body holds at most 16 MiB", nameof(body));
        }

        var total = TagHeaderLength + body.Length + 4;
        var span = output.GetSpan(total);
        span[0] = (byte)type;
        WriteUInt24(span[1..], body.Length);
        WriteUInt24(span[4..], (int)(timestamp & 0xFFFFFF));
        span[7] = (byte)(timestamp >> 24); // TimestampExtended: the upper 8 bits
        WriteUInt24(span[8..], 0); // StreamID, always 0
        body.CopyTo(span[TagHeaderLength..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[(TagHeaderLength + body.Length)..], (uint)(TagHeaderLength + body.Length));
        output.Advance(total);
        return total;
    }

    private static void WriteUInt24(Span<byte> span, int value)
    {
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }
}
