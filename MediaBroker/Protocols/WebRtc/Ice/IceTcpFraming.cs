using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Protocols.WebRtc.Ice;

/// <summary>RFC 4571 framing used by ICE-TCP (RFC 6544 §3): each STUN/DTLS/RTP packet is prefixed by a 16-bit length.</summary>
public static class IceTcpFraming
{
    public const int MaxFrameLength = ushort.MaxValue;

    /// <summary>Reads one frame; false (consuming nothing) when the buffer does not hold a whole frame yet.</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < 2)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[2];
        buffer.Slice(0, 2).CopyTo(prefix);
        int length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
        if (buffer.Length < 2 + length)
        {
            return false;
        }

        frame = buffer.Slice(2, length);
        buffer = buffer.Slice(2 + length);
        return true;
    }

    /// <summary>Writes the 2-byte length prefix; the caller writes the payload after it.</summary>
    public static void WritePrefix(Span<byte> destination, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, MaxFrameLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)payloadLength);
    }
}
