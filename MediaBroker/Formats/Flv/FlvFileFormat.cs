using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Formats.Flv;

/// <summary>
/// FLV file framing (FLV specification E.2-E.4): the 9-byte header, then (PreviousTagSize, tag) pairs.
/// Readers are static and I/O-free: false means more data is needed and nothing was consumed.
/// </summary>
public static class FlvFileFormat
{
    public const int HeaderSize = 9;
    public const int TagHeaderSize = 11;

    /// <summary>Reads the file header and PreviousTagSize0.</summary>
    public static bool TryReadHeader(ref SequenceReader<byte> reader, out bool hasAudio, out bool hasVideo)
    {
        hasAudio = hasVideo = false;
        if (reader.Remaining < HeaderSize + 4)
        {
            return false;
        }

        Span<byte> h = stackalloc byte[HeaderSize];
        reader.TryCopyTo(h);
        if (h[0] != 'F' || h[1] != 'L' || h[2] != 'V')
        {
            throw new FlvProtocolException("not an FLV file");
        }

        var dataOffset = BinaryPrimitives.ReadUInt32BigEndian(h[5..]);
        if (dataOffset < HeaderSize || dataOffset > 1024)
        {
            throw new FlvProtocolException($"FLV data offset {dataOffset} is invalid");
        }

        if (reader.Remaining < dataOffset + 4)
        {
            return false;
        }

        hasAudio = (h[4] & 0x04) != 0;
        hasVideo = (h[4] & 0x01) != 0;
        reader.Advance(dataOffset + 4);
        return true;
    }

    /// <summary>Reads one tag and the PreviousTagSize after it.</summary>
    public static bool TryReadTag(ref SequenceReader<byte> reader, out FlvTag tag)
    {
        tag = default;
        if (reader.Remaining < TagHeaderSize)
        {
            return false;
        }

        Span<byte> h = stackalloc byte[TagHeaderSize];
        reader.TryCopyTo(h);
        if ((h[0] & 0x20) != 0)
        {
            throw new FlvProtocolException("encrypted FLV tags are not supported");
        }

        var type = (FlvTagType)(h[0] & 0x1F);
        var size = (h[1] << 16) | (h[2] << 8) | h[3];
        var timestamp = (uint)((h[7] << 24) | (h[4] << 16) | (h[5] << 8) | h[6]); // TimestampExtended is the high byte
        if (reader.Remaining < TagHeaderSize + size + 4)
        {
            return false;
        }

        var body = reader.UnreadSequence.Slice(TagHeaderSize, size);
        reader.Advance(TagHeaderSize + size + 4);
        tag = new FlvTag(type, timestamp, body);
        return true;
    }

    public static void WriteHeader(IBufferWriter<byte> output, bool hasAudio, bool hasVideo)
    {
        var span = output.GetSpan(HeaderSize + 4);
        "FLV"u8.CopyTo(span);
        span[3] = 1;
        span[4] = (byte)((hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(span[5..], HeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(span[9..], 0);
        output.Advance(HeaderSize + 4);
    }

    public static void WriteTag(IBufferWriter<byte> output, FlvTagType type, uint timestamp, ReadOnlySpan<byte> body)
    {
        var total = TagHeaderSize + body.Length + 4;
        var span = output.GetSpan(total);
        span[0] = (byte)type;
        span[1] = (byte)(body.Length >> 16);
        span[2] = (byte)(body.Length >> 8);
        span[3] = (byte)body.Length;
        span[4] = (byte)(timestamp >> 16);
        span[5] = (byte)(timestamp >> 8);
        span[6] = (byte)timestamp;
        span[7] = (byte)(timestamp >> 24);
        span[8] = span[9] = span[10] = 0;
        body.CopyTo(span[TagHeaderSize..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[(TagHeaderSize + body.Length)..], (uint)(TagHeaderSize + body.Length));
        output.Advance(total);
    }
}
