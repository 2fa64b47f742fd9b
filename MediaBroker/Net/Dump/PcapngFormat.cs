using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Net.Dump;

/// <summary>
/// pcapng blocks (draft-ietf-opsawg-pcapng) around synthetic Ethernet/IP/TCP|UDP frames, so that Wireshark, tshark and
/// tcpdump decode a dumped connection as if it had been captured on the wire. Pure: writes into a caller's span.
/// </summary>
internal static class PcapngFormat
{
    public const int SectionHeaderLength = 28;
    public const int InterfaceLength = 20;
    private const int EnhancedPacketOverhead = 32;
    private const int EthernetLength = 14;
    private const int Ipv4Length = 20;
    private const int Ipv6Length = 40;
    private const int TcpLength = 20;
    private const int UdpLength = 8;
    private const ushort LinkTypeEthernet = 1;

    /// <summary>Largest payload of one synthetic segment: an IPv4 total length must fit 16 bits.</summary>
    public const int MaxSegmentPayload = 65000;

    /// <summary>Room a frame of <paramref name="payload"/> bytes needs, block included.</summary>
    public static int MaxBlockLength(int payload) => EnhancedPacketOverhead + EthernetLength + Ipv6Length + TcpLength + payload + 3;

    /// <summary>Section Header Block (type 0x0A0D0D0A, byte-order magic, version 1.0, unknown section length).</summary>
    public static void WriteSectionHeader(Span<byte> dst)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(dst, 0x0A0D0D0A);
        BinaryPrimitives.WriteUInt32LittleEndian(dst[4..], SectionHeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(dst[8..], 0x1A2B3C4D);
        BinaryPrimitives.WriteUInt16LittleEndian(dst[12..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(dst[14..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(dst[16..], -1);
        BinaryPrimitives.WriteUInt32LittleEndian(dst[24..], SectionHeaderLength);
    }

    /// <summary>Interface Description Block: Ethernet, no snap length limit, default microsecond timestamps.</summary>
    public static void WriteInterface(Span<byte> dst)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(dst, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(dst[4..], InterfaceLength);
        BinaryPrimitives.WriteUInt16LittleEndian(dst[8..], LinkTypeEthernet);
        BinaryPrimitives.WriteUInt16LittleEndian(dst[10..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(dst[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(dst[16..], InterfaceLength);
    }

    /// <summary>One TCP segment in an Enhanced Packet Block; returns the block length.</summary>
    public static int WriteTcp(Span<byte> dst, long unixMicros, IPEndPoint src, IPEndPoint dst2, uint seq, uint ack, TcpFlags flags, ReadOnlySpan<byte> payload) =>
        WriteFrame(dst, unixMicros, src, dst2, ProtocolType.Tcp, seq, ack, flags, payload);

    /// <summary>One UDP datagram in an Enhanced Packet Block; returns the block length.</summary>
    public static int WriteUdp(Span<byte> dst, long unixMicros, IPEndPoint src, IPEndPoint dst2, ReadOnlySpan<byte> payload) =>
        WriteFrame(dst, unixMicros, src, dst2, ProtocolType.Udp, 0, 0, 0, payload);

    private static int WriteFrame(Span<byte> block, long unixMicros, IPEndPoint source, IPEndPoint destination, ProtocolType protocol,
        uint seq, uint ack, TcpFlags flags, ReadOnlySpan<byte> payload)
    {
        (IPAddress srcIp, IPAddress dstIp) = SameFamily(source.Address, destination.Address);
        bool v4 = srcIp.AddressFamily == AddressFamily.InterNetwork;
        int ipLength = v4 ? Ipv4Length : Ipv6Length;
        int transportLength = protocol == ProtocolType.Tcp ? TcpLength : UdpLength;
        int frameLength = EthernetLength + ipLength + transportLength + payload.Length;
        int padded = (frameLength + 3) & ~3;
        int blockLength = EnhancedPacketOverhead + padded;

        BinaryPrimitives.WriteUInt32LittleEndian(block, 6);
        BinaryPrimitives.WriteUInt32LittleEndian(block[4..], (uint)blockLength);
        BinaryPrimitives.WriteUInt32LittleEndian(block[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(block[12..], (uint)((ulong)unixMicros >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(block[16..], (uint)unixMicros);
        BinaryPrimitives.WriteUInt32LittleEndian(block[20..], (uint)frameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(block[24..], (uint)frameLength);

        Span<byte> frame = block.Slice(28, padded);
        frame.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], v4 ? (ushort)0x0800 : (ushort)0x86DD);
        Span<byte> ip = frame.Slice(EthernetLength, ipLength);
        int transportTotal = transportLength + payload.Length;
        if (v4)
        {
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(Ipv4Length + transportTotal));
            BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000);
            ip[8] = 64;
            ip[9] = (byte)protocol;
            srcIp.TryWriteBytes(ip[12..16], out _);
            dstIp.TryWriteBytes(ip[16..20], out _);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Fold(Sum(ip, 0)));
        }
        else
        {
            ip[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)transportTotal);
            ip[6] = (byte)protocol;
            ip[7] = 64;
            srcIp.TryWriteBytes(ip[8..24], out _);
            dstIp.TryWriteBytes(ip[24..40], out _);
        }

        Span<byte> transport = frame.Slice(EthernetLength + ipLength, transportTotal);
        BinaryPrimitives.WriteUInt16BigEndian(transport, (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(transport[2..], (ushort)destination.Port);
        int checksumAt;
        if (protocol == ProtocolType.Tcp)
        {
            BinaryPrimitives.WriteUInt32BigEndian(transport[4..], seq);
            BinaryPrimitives.WriteUInt32BigEndian(transport[8..], ack);
            transport[12] = 0x50;
            transport[13] = (byte)flags;
            BinaryPrimitives.WriteUInt16BigEndian(transport[14..], 65535);
            checksumAt = 16;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(transport[4..], (ushort)transportTotal);
            checksumAt = 6;
        }

        payload.CopyTo(transport[transportLength..]);

        // RFC 793/768 checksum over the pseudo-header (addresses, protocol, length) and the segment.
        uint sum = Sum(v4 ? ip[12..20] : ip[8..40], 0) + (uint)protocol + (uint)transportTotal;
        ushort checksum = Fold(Sum(transport, sum));
        if (protocol == ProtocolType.Udp && checksum == 0)
        {
            checksum = 0xFFFF;
        }

        BinaryPrimitives.WriteUInt16BigEndian(transport[checksumAt..], checksum);
        BinaryPrimitives.WriteUInt32LittleEndian(block[(28 + padded)..], (uint)blockLength);
        return blockLength;
    }

    /// <summary>Both addresses as IPv4 when both are (or map to) IPv4, else both as IPv6.</summary>
    private static (IPAddress, IPAddress) SameFamily(IPAddress a, IPAddress b)
    {
        IPAddress a4 = a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
        IPAddress b4 = b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b;
        if (a4.AddressFamily == AddressFamily.InterNetwork && b4.AddressFamily == AddressFamily.InterNetwork)
        {
            return (a4, b4);
        }

        return (a.MapToIPv6(), b.MapToIPv6());
    }

    private static uint Sum(ReadOnlySpan<byte> data, uint sum)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        return sum;
    }

    private static ushort Fold(uint sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
