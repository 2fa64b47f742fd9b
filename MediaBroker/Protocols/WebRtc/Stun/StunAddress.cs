using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Protocols.WebRtc.Stun;

/// <summary>XOR-MAPPED-ADDRESS encoding (RFC 8489 §14.2): port XOR the cookie's top 16 bits, address XOR cookie||transaction id.</summary>
internal static class StunAddress
{
    private const byte FamilyV4 = 0x01;
    private const byte FamilyV6 = 0x02;

    public static int EncodedLength(IPEndPoint endPoint) => Normalize(endPoint.Address).AddressFamily == AddressFamily.InterNetworkV6 ? 20 : 8;

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public static IPEndPoint ReadXor(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId)
    {
        if (value.Length < 4)
        {
            throw new StunProtocolException("XOR-MAPPED-ADDRESS too short");
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(StunConstants.MagicCookie >> 16);
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        int addressLength = value[1] switch
        {
            FamilyV4 => 4,
            FamilyV6 => 16,
            _ => throw new StunProtocolException("unknown address family"),
        };
        if (value.Length != 4 + addressLength)
        {
            throw new StunProtocolException("XOR-MAPPED-ADDRESS has the wrong length");
        }

        Span<byte> address = stackalloc byte[addressLength];
        for (int i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        return new IPEndPoint(new IPAddress(address), port);
    }

    public static void WriteXor(Span<byte> value, IPEndPoint endPoint, ReadOnlySpan<byte> transactionId)
    {
        var address = Normalize(endPoint.Address);
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        value[0] = 0;
        value[1] = v6 ? FamilyV6 : FamilyV4;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(endPoint.Port ^ (int)(StunConstants.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        var bytes = value.Slice(4, v6 ? 16 : 4);
        address.TryWriteBytes(bytes, out _);
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= mask[i];
        }
    }
}
