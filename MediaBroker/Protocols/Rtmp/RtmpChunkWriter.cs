using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// Splits messages into chunks (RTMP specification 1.0 §5.3): a type-0 chunk, then type-3 chunks that repeat
/// the extended timestamp when there is one. The payload is copied slice by slice straight into the output,
/// so a payload shared by many readers is chunked per reader without an intermediate buffer.
/// </summary>
public sealed class RtmpChunkWriter
{
    /// <summary>Our chunk size; announced to the peer with Set Chunk Size before it takes effect.</summary>
    public int ChunkSize { get; set; } = RtmpChunkReader.DefaultChunkSize;

    public static int BasicHeaderSize(int csid) => csid < 64 ? 1 : csid < 320 ? 2 : 3;

    public void WriteMessage(IBufferWriter<byte> output, int csid, uint timestamp, RtmpMessageType type, uint streamId, ReadOnlySpan<byte> payload)
    {
        if (csid is < 2 or > 65599)
        {
            throw new ArgumentOutOfRangeException(nameof(csid));
        }

        var extended = timestamp >= 0xFFFFFF;
        var basic = BasicHeaderSize(csid);
        var first = output.GetSpan(basic + 11 + 4);
        var pos = WriteBasicHeader(first, 0, csid);
        var field = extended ? 0xFFFFFFu : timestamp;
        first[pos] = (byte)(field >> 16);
        first[pos + 1] = (byte)(field >> 8);
        first[pos + 2] = (byte)field;
        first[pos + 3] = (byte)(payload.Length >> 16);
        first[pos + 4] = (byte)(payload.Length >> 8);
        first[pos + 5] = (byte)payload.Length;
        first[pos + 6] = (byte)type;
        BinaryPrimitives.WriteUInt32LittleEndian(first[(pos + 7)..], streamId);
        pos += 11;
        if (extended)
        {
            BinaryPrimitives.WriteUInt32BigEndian(first[pos..], timestamp);
            pos += 4;
        }

        output.Advance(pos);
        var offset = 0;
        while (true)
        {
            var n = Math.Min(ChunkSize, payload.Length - offset);
            var span = output.GetSpan(n);
            payload.Slice(offset, n).CopyTo(span);
            output.Advance(n);
            offset += n;
            if (offset >= payload.Length)
            {
                return;
            }

            var header = output.GetSpan(basic + 4);
            var h = WriteBasicHeader(header, 3, csid);
            if (extended)
            {
                BinaryPrimitives.WriteUInt32BigEndian(header[h..], timestamp);
                h += 4;
            }

            output.Advance(h);
        }
    }

    private static int WriteBasicHeader(Span<byte> span, int fmt, int csid)
    {
        if (csid < 64)
        {
            span[0] = (byte)((fmt << 6) | csid);
            return 1;
        }

        if (csid < 320)
        {
            span[0] = (byte)(fmt << 6);
            span[1] = (byte)(csid - 64);
            return 2;
        }

        span[0] = (byte)((fmt << 6) | 1);
        span[1] = (byte)((csid - 64) & 0xFF);
        span[2] = (byte)((csid - 64) >> 8);
        return 3;
    }
}
