using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace MediaBroker.Net.Tcp;

/// <summary>
/// The PROXY protocol header a load balancer puts in front of a connection (HAProxy's spec, v1 text and v2 binary).
/// </summary>
public static class ProxyProtocolHeader
{
    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private const int V1MaxLength = 107;

    /// <summary>
    /// Parses a header at the start of <paramref name="buffer"/>. Returns false when more bytes are needed.
    /// <paramref name="source"/> is null for LOCAL/UNKNOWN headers (keep the socket's address).
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a PROXY header.</exception>
    public static bool TryParse(ReadOnlySequence<byte> buffer, out IPEndPoint? source, out SequencePosition consumed)
    {
        source = null;
        consumed = buffer.Start;
        if (buffer.Length < 16)
        {
            return buffer.Length >= 6 && !StartsLikeHeader(buffer) ? throw new InvalidDataException("missing PROXY protocol header") : false;
        }

        Span<byte> head = stackalloc byte[16];
        buffer.Slice(0, 16).CopyTo(head);
        if (head[..12].SequenceEqual(V2Signature))
        {
            return TryParseV2(buffer, head, out source, out consumed);
        }

        if (head[..6].SequenceEqual("PROXY "u8))
        {
            return TryParseV1(buffer, out source, out consumed);
        }

        throw new InvalidDataException("missing PROXY protocol header");
    }

    private static bool StartsLikeHeader(ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[6];
        buffer.Slice(0, 6).CopyTo(head);
        return head.SequenceEqual("PROXY "u8) || head.SequenceEqual(V2Signature[..6]);
    }

    private static bool TryParseV1(ReadOnlySequence<byte> buffer, out IPEndPoint? source, out SequencePosition consumed)
    {
        source = null;
        consumed = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
        {
            return buffer.Length > V1MaxLength ? throw new InvalidDataException("PROXY v1 header too long") : false;
        }

        if (line.Length > V1MaxLength)
        {
            throw new InvalidDataException("PROXY v1 header too long");
        }

        var parts = Encoding.ASCII.GetString(line).Split(' ');
        consumed = reader.Position;
        if (parts.Length >= 2 && parts[1] == "UNKNOWN")
        {
            return true;
        }

        if (parts.Length != 6 || parts[1] is not ("TCP4" or "TCP6")
            || !IPAddress.TryParse(parts[2], out var ip) || !ushort.TryParse(parts[4], out var port))
        {
            throw new InvalidDataException("malformed PROXY v1 header");
        }

        source = new IPEndPoint(ip, port);
        return true;
    }

    private static bool TryParseV2(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> head, out IPEndPoint? source, out SequencePosition consumed)
    {
        source = null;
        consumed = buffer.Start;
        if (head[12] >> 4 != 2)
        {
            throw new InvalidDataException("unsupported PROXY v2 version");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(head[14..]);
        if (buffer.Length < 16 + length)
        {
            return false;
        }

        consumed = buffer.GetPosition(16 + length);
        var command = head[12] & 0x0F;
        if (command == 0)
        {
            return true; // LOCAL: health check from the proxy itself.
        }

        var body = buffer.Slice(16, length);
        var family = head[13] >> 4;
        if (family == 1 && length >= 12)
        {
            Span<byte> a = stackalloc byte[12];
            body.Slice(0, 12).CopyTo(a);
            source = new IPEndPoint(new IPAddress(a[..4]), BinaryPrimitives.ReadUInt16BigEndian(a[8..]));
        }
        else if (family == 2 && length >= 36)
        {
            Span<byte> a = stackalloc byte[36];
            body.Slice(0, 36).CopyTo(a);
            source = new IPEndPoint(new IPAddress(a[..16]), BinaryPrimitives.ReadUInt16BigEndian(a[32..]));
        }

        return true;
    }
}
