using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>
/// Parses whole WebSocket frames (RFC 6455 §5.2). I/O-free: an incomplete frame consumes nothing and returns false.
/// The payload is unmasked in a buffer the caller owns until the next call; malformed frames (reserved bits,
/// unknown opcodes, a missing or unexpected mask, oversized payloads, fragmented control frames) throw
/// <see cref="RtspTunnelException"/>.
/// </summary>
/// <param name="expectMasked">A server reads masked client frames (§5.1); a client reads unmasked ones.</param>
/// <param name="maxPayload">Largest payload accepted.</param>
public sealed class WebSocketFrameReader(bool expectMasked, int maxPayload = WebSocketFrameReader.DefaultMaxPayload)
{
    /// <summary>An interleaved frame is at most 64 KiB; clients batch a few of them per message.</summary>
    public const int DefaultMaxPayload = 4 * 1024 * 1024;

    private byte[] _unmasked = [];

    public bool TryRead(ref SequenceReader<byte> reader, out WebSocketFrame frame)
    {
        frame = default;
        Span<byte> header = stackalloc byte[WebSocketFrame.MaxHeaderBytes];
        var available = (int)Math.Min(reader.Remaining, header.Length);
        if (available < 2)
        {
            return false;
        }

        reader.UnreadSequence.Slice(0, available).CopyTo(header);
        header = header[..available];
        var fin = (header[0] & 0x80) != 0;
        if ((header[0] & 0x70) != 0)
        {
            throw new RtspTunnelException("WebSocket frame with reserved bits set (no extension was negotiated)");
        }

        var opcode = (WebSocketOpcode)(header[0] & 0x0F);
        if (opcode is not (WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary or WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong))
        {
            throw new RtspTunnelException($"WebSocket frame with unknown opcode {(int)opcode}");
        }

        var masked = (header[1] & 0x80) != 0;
        if (masked != expectMasked)
        {
            throw new RtspTunnelException(expectMasked ? "unmasked WebSocket frame from a client" : "masked WebSocket frame from a server");
        }

        long length = header[1] & 0x7F;
        var offset = 2;
        if (length == 126)
        {
            if (available < 4)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
            offset = 4;
        }
        else if (length == 127)
        {
            if (available < 10)
            {
                return false;
            }

            var wide = BinaryPrimitives.ReadUInt64BigEndian(header[2..]);
            length = wide > long.MaxValue ? long.MaxValue : (long)wide;
            offset = 10;
        }

        var isControl = ((byte)opcode & 0x8) != 0;
        if (isControl && (!fin || length > 125))
        {
            throw new RtspTunnelException("fragmented or oversized WebSocket control frame");
        }

        if (length > maxPayload)
        {
            throw new RtspTunnelException($"WebSocket frame of {length} bytes is larger than {maxPayload}");
        }

        Span<byte> mask = stackalloc byte[4];
        if (masked)
        {
            if (available < offset + 4)
            {
                return false;
            }

            header.Slice(offset, 4).CopyTo(mask);
            offset += 4;
        }

        if (reader.Remaining < offset + length)
        {
            return false;
        }

        reader.Advance(offset);
        var payload = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        if (masked)
        {
            // Unmasked into a buffer reused from frame to frame (grown once, to the largest frame seen).
            if (_unmasked.Length < length)
            {
                _unmasked = new byte[Math.Max(length, 4096)];
            }

            var target = _unmasked.AsSpan(0, (int)length);
            payload.CopyTo(target);
            WebSocketFrame.ApplyMask(target, mask, 0);
            payload = new ReadOnlySequence<byte>(_unmasked, 0, (int)length);
        }

        frame = new WebSocketFrame(fin, opcode, payload);
        return true;
    }
}
