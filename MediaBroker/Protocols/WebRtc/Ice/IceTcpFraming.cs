using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Protocols.WebRtc.Ice;

/// <summary>RFC 4571 framing used by ICE-TCP (RFC 6544 §3): each STUN/DTLS/RTP packet is prefixed by a 16-bit length.</summary>
public static class IceTcpFraming
{
    public const int PrefixLength = 2;
    public const int MaxFrameLength = ushort.MaxValue;

    /// <summary>
    /// Reads the length of the frame at the start of <paramref name="buffer"/>; its payload is
    /// <c>buffer[PrefixLength..(PrefixLength + payloadLength)]</c>. <see cref="OperationStatus.NeedMoreData"/> when the
    /// whole frame is not there yet; <see cref="OperationStatus.InvalidData"/> when the length is above
    /// <paramref name="maxPayloadLength"/>, which on a port that only carries STUN, DTLS and SRTP means the peer does
    /// not speak ICE-TCP.
    /// </summary>
    public static OperationStatus TryReadFrame(ReadOnlySpan<byte> buffer, int maxPayloadLength, out int payloadLength)
    {
        payloadLength = 0;
        if (buffer.Length < PrefixLength)
        {
            return OperationStatus.NeedMoreData;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
        if (length > maxPayloadLength)
        {
            return OperationStatus.InvalidData;
        }

        if (buffer.Length - PrefixLength < length)
        {
            return OperationStatus.NeedMoreData;
        }

        payloadLength = length;
        return OperationStatus.Done;
    }

    /// <summary>Writes the length prefix and the payload; returns the bytes written.</summary>
    public static int WriteFrame(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, MaxFrameLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)payload.Length);
        payload.CopyTo(destination[PrefixLength..]);
        return PrefixLength + payload.Length;
    }
}
