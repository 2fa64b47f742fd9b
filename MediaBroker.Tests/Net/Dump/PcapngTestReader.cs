using System.Buffers.Binary;
using System.Net;

namespace MediaBroker.Tests.Net.Dump;

/// <summary>One TCP segment or UDP datagram read back from a pcapng file.</summary>
internal sealed record PcapFrame(long UnixMicros, bool IsTcp, IPEndPoint Source, IPEndPoint Destination, uint Seq, byte Flags, byte[] Payload, bool ChecksumsValid);

/// <summary>
/// An independent minimal pcapng reader for the tests (section header, interface description, enhanced packets over
/// Ethernet/IPv4|IPv6/TCP|UDP), so the dump is checked by code that does not share the writer's.
/// </summary>
internal static class PcapngTestReader
{
    public static List<PcapFrame> Read(byte[] file)
    {
        var frames = new List<PcapFrame>();
        if (file.Length < 28)
        {
            return frames; // just created: its header is not written yet
        }

        if ( BinaryPrimitives.ReadUInt32LittleEndian(file) != 0x0A0D0D0A || BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8)) != 0x1A2B3C4D)
        {
            throw new InvalidDataException("not a little-endian pcapng file");
        }

        int at = 0;
        while (at + 12 <= file.Length)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            if (length < 12 || at + length > file.Length)
            {
                break; // a block still being written
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + length - 4)) != length)
            {
                throw new InvalidDataException($"block at {at}: trailing length differs");
            }

            if (type == 1 && BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(at + 8)) != 1)
            {
                throw new InvalidDataException("interface is not Ethernet");
            }

            if (type == 6)
            {
                long micros = ((long)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12)) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 16));
                int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 20));
                frames.Add(ParseFrame(micros, file.AsSpan(at + 28, captured)));
            }

            at += length;
        }

        return frames;
    }

    private static PcapFrame ParseFrame(long micros, ReadOnlySpan<byte> frame)
    {
        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        ReadOnlySpan<byte> ip = frame[14..];
        int protocol;
        IPAddress src, dst;
        ReadOnlySpan<byte> transport;
        bool valid = true;
        byte[] pseudo;
        if (etherType == 0x0800)
        {
            int ihl = (ip[0] & 0x0F) * 4;
            int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            protocol = ip[9];
            src = new IPAddress(ip[12..16]);
            dst = new IPAddress(ip[16..20]);
            valid &= OnesComplementSum(ip[..ihl], 0) == 0xFFFF;
            transport = ip[ihl..total];
            pseudo = [.. ip[12..20], 0, (byte)protocol, (byte)(transport.Length >> 8), (byte)transport.Length];
        }
        else if (etherType == 0x86DD)
        {
            int payload = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
            protocol = ip[6];
            src = new IPAddress(ip[8..24]);
            dst = new IPAddress(ip[24..40]);
            transport = ip.Slice(40, payload);
            pseudo = [.. ip[8..40], 0, 0, (byte)(transport.Length >> 8), (byte)transport.Length, 0, 0, 0, (byte)protocol];
        }
        else
        {
            throw new InvalidDataException($"ethertype {etherType:x4}");
        }

        valid &= OnesComplementSum(transport, OnesComplementSum(pseudo, 0)) == 0xFFFF;
        int srcPort = BinaryPrimitives.ReadUInt16BigEndian(transport);
        int dstPort = BinaryPrimitives.ReadUInt16BigEndian(transport[2..]);
        if (protocol == 6)
        {
            int offset = (transport[12] >> 4) * 4;
            return new PcapFrame(micros, true, new IPEndPoint(src, srcPort), new IPEndPoint(dst, dstPort),
                BinaryPrimitives.ReadUInt32BigEndian(transport[4..]), transport[13], transport[offset..].ToArray(), valid);
        }

        if (protocol == 17)
        {
            return new PcapFrame(micros, false, new IPEndPoint(src, srcPort), new IPEndPoint(dst, dstPort), 0, 0, transport[8..].ToArray(), valid);
        }

        throw new InvalidDataException($"IP protocol {protocol}");
    }

    private static uint OnesComplementSum(ReadOnlySpan<byte> data, uint sum)
    {
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (uint)(data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0u);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return sum;
    }

    /// <summary>The TCP payload bytes one side sent, in sequence order.</summary>
    public static byte[] Stream(IEnumerable<PcapFrame> frames, IPEndPoint from) =>
        [.. frames.Where(f => f.IsTcp && f.Source.Equals(from)).OrderBy(f => f.Seq).SelectMany(f => f.Payload)];
}
