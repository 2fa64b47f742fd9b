using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>
/// One WebSocket frame (RFC 6455 §5.2), its payload already unmasked into <see cref="Payload"/> by
/// <see cref="WebSocketFrameReader"/>.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-------+-+-------------+-------------------------------+
/// |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
/// |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
/// |N|V|V|V|       |S|             |   (if payload len==126/127)   |
/// +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
/// |     Extended payload length continued, if payload len == 127  |
/// + - - - - - - - - - - - - - - - +-------------------------------+
/// |                               |Masking-key, if MASK set to 1  |
/// +-------------------------------+-------------------------------+
/// </code>
/// </summary>
public readonly record struct WebSocketFrame(bool Fin, WebSocketOpcode Opcode, ReadOnlySequence<byte> Payload)
{
    /// <summary>Largest header: 2 bytes, a 64-bit length, a masking key.</summary>
    public const int MaxHeaderBytes = 14;

    /// <summary>Writes a frame header for <paramref name="payloadLength"/> bytes; returns its size. Masked when <paramref name="mask"/> is given.</summary>
    public static int WriteHeader(Span<byte> dst, WebSocketOpcode opcode, long payloadLength, ReadOnlySpan<byte> mask = default)
    {
        dst[0] = (byte)(0x80 | (byte)opcode);
        var maskBit = mask.IsEmpty ? (byte)0 : (byte)0x80;
        int n;
        if (payloadLength < 126)
        {
            dst[1] = (byte)(maskBit | payloadLength);
            n = 2;
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            dst[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(dst[2..], (ushort)payloadLength);
            n = 4;
        }
        else
        {
            dst[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(dst[2..], (ulong)payloadLength);
            n = 10;
        }

        if (!mask.IsEmpty)
        {
            mask[..4].CopyTo(dst[n..]);
            n += 4;
        }

        return n;
    }

    /// <summary>XORs <paramref name="data"/> with the masking key, starting at key byte <paramref name="offset"/> % 4.</summary>
    public static void ApplyMask(Span<byte> data, ReadOnlySpan<byte> mask, long offset)
    {
        for (var i = 0; i < data.Length; i++)
        {
            data[i] ^= mask[(int)((offset + i) & 3)];
        }
    }
}
