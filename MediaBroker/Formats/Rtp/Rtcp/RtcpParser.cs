using System.Buffers.Binary;
using System.Text;

namespace MediaBroker.Formats.Rtp.Rtcp;

/// <summary>
/// Parses compound RTCP datagrams (RFC 3550 §6.1): a sequence of packets, each with a 4-byte header
/// whose length counts 32-bit words minus one. RTCP arrives in whole datagrams (or whole interleaved
/// frames), so a length that overruns the data is malformed, not incomplete.
/// </summary>
public static class RtcpParser
{
    public const byte TypeSenderReport = 200;
    public const byte TypeReceiverReport = 201;
    public const byte TypeSourceDescription = 202;
    public const byte TypeBye = 203;
    public const byte TypeTransportFeedback = 205;
    public const byte TypePayloadFeedback = 206;

    /// <summary>Appends every packet of the compound datagram to <paramref name="packets"/>.</summary>
    /// <exception cref="RtpProtocolException">The datagram is not valid RTCP.</exception>
    public static void ParseCompound(ReadOnlyMemory<byte> datagram, List<RtcpPacket> packets)
    {
        var offset = 0;
        if (datagram.Length < 4)
        {
            throw new RtpProtocolException("RTCP datagram shorter than a header");
        }

        while (offset < datagram.Length)
        {
            var span = datagram.Span[offset..];
            if (span.Length < 4)
            {
                throw new RtpProtocolException("trailing bytes after the last RTCP packet");
            }

            if (span[0] >> 6 != 2)
            {
                throw new RtpProtocolException($"RTCP version {span[0] >> 6}, expected 2");
            }

            var length = (BinaryPrimitives.ReadUInt16BigEndian(span[2..]) + 1) * 4;
            if (length > span.Length)
            {
                throw new RtpProtocolException($"RTCP packet of {length} bytes overruns the datagram");
            }

            var bodyEnd = length;
            if ((span[0] & 0x20) != 0)
            {
                var pad = span[length - 1];
                if (pad == 0 || pad > length - 4)
                {
                    throw new RtpProtocolException("invalid RTCP padding");
                }

                bodyEnd -= pad;
            }

            var count = (byte)(span[0] & 0x1F);
            packets.Add(ParseOne(span[1], count, datagram.Slice(offset + 4, bodyEnd - 4)));
            offset += length;
        }
    }

    private static RtcpPacket ParseOne(byte type, byte count, ReadOnlyMemory<byte> body)
    {
        var b = body.Span;
        switch (type)
        {
            case TypeSenderReport:
                Need(b, 24 + (count * 24));
                return new RtcpSenderReport(
                    BinaryPrimitives.ReadUInt32BigEndian(b),
                    BinaryPrimitives.ReadUInt64BigEndian(b[4..]),
                    BinaryPrimitives.ReadUInt32BigEndian(b[12..]),
                    BinaryPrimitives.ReadUInt32BigEndian(b[16..]),
                    BinaryPrimitives.ReadUInt32BigEndian(b[20..]),
                    ReadBlocks(b[24..], count));
            case TypeReceiverReport:
                Need(b, 4 + (count * 24));
                return new RtcpReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(b), ReadBlocks(b[4..], count));
            case TypeSourceDescription:
                return ReadSdes(b, count);
            case TypeBye:
                return ReadBye(b, count);
            case TypeTransportFeedback when count == 1:
                return ReadNack(b);
            case TypePayloadFeedback when count == 1:
                Need(b, 8);
                return new RtcpPictureLossIndication(BinaryPrimitives.ReadUInt32BigEndian(b), BinaryPrimitives.ReadUInt32BigEndian(b[4..]));
            case TypePayloadFeedback when count == 4:
                return ReadFir(b);
            default:
                return new RtcpUnknown(type, count, body);
        }
    }

    private static void Need(ReadOnlySpan<byte> body, int length)
    {
        if (body.Length < length)
        {
            throw new RtpProtocolException($"RTCP packet body of {body.Length} bytes, expected at least {length}");
        }
    }

    private static RtcpReportBlock[] ReadBlocks(ReadOnlySpan<byte> b, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var blocks = new RtcpReportBlock[count];
        for (var i = 0; i < count; i++)
        {
            var s = b.Slice(i * 24, 24);
            var lost = (s[5] << 16) | (s[6] << 8) | s[7];
            if ((lost & 0x800000) != 0)
            {
                lost |= unchecked((int)0xFF000000); // 24-bit two's complement
            }

            blocks[i] = new RtcpReportBlock(
                BinaryPrimitives.ReadUInt32BigEndian(s),
                s[4],
                lost,
                BinaryPrimitives.ReadUInt32BigEndian(s[8..]),
                BinaryPrimitives.ReadUInt32BigEndian(s[12..]),
                BinaryPrimitives.ReadUInt32BigEndian(s[16..]),
                BinaryPrimitives.ReadUInt32BigEndian(s[20..]));
        }

        return blocks;
    }

    private static RtcpSourceDescription ReadSdes(ReadOnlySpan<byte> b, int count)
    {
        // RFC 3550 §6.5: chunks of SSRC + items (type, length, text), ended by a zero octet and padded to 32 bits.
        var chunks = new RtcpSdesChunk[count];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            Need(b, offset + 4);
            var ssrc = BinaryPrimitives.ReadUInt32BigEndian(b[offset..]);
            offset += 4;
            string? cname = null;
            while (true)
            {
                Need(b, offset + 1);
                var itemType = b[offset];
                if (itemType == 0)
                {
                    offset = (offset + 4) & ~3;
                    break;
                }

                Need(b, offset + 2);
                var len = b[offset + 1];
                Need(b, offset + 2 + len);
                if (itemType == 1)
                {
                    cname = Encoding.UTF8.GetString(b.Slice(offset + 2, len));
                }

                offset += 2 + len;
            }

            chunks[i] = new RtcpSdesChunk(ssrc, cname);
        }

        return new RtcpSourceDescription(chunks);
    }

    private static RtcpBye ReadBye(ReadOnlySpan<byte> b, int count)
    {
        Need(b, count * 4);
        var ssrcs = new uint[count];
        for (var i = 0; i < count; i++)
        {
            ssrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(b[(i * 4)..]);
        }

        string? reason = null;
        var offset = count * 4;
        if (b.Length > offset)
        {
            var len = b[offset];
            Need(b, offset + 1 + len);
            reason = Encoding.UTF8.GetString(b.Slice(offset + 1, len));
        }

        return new RtcpBye(ssrcs, reason);
    }

    private static RtcpNack ReadNack(ReadOnlySpan<byte> b)
    {
        // RFC 4585 §6.2.1: FCI entries of PID (16 bits) + BLP (bitmask of the 16 following).
        Need(b, 8);
        var fci = b[8..];
        var lost = new List<ushort>(fci.Length / 4 * 2);
        for (var i = 0; i + 4 <= fci.Length; i += 4)
        {
            var pid = BinaryPrimitives.ReadUInt16BigEndian(fci[i..]);
            var blp = BinaryPrimitives.ReadUInt16BigEndian(fci[(i + 2)..]);
            lost.Add(pid);
            for (var bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) != 0)
                {
                    lost.Add((ushort)(pid + bit + 1));
                }
            }
        }

        return new RtcpNack(BinaryPrimitives.ReadUInt32BigEndian(b), BinaryPrimitives.ReadUInt32BigEndian(b[4..]), [.. lost]);
    }

    private static RtcpFullIntraRequest ReadFir(ReadOnlySpan<byte> b)
    {
        // RFC 5104 §4.3.1: the media SSRC field is unused; each FCI entry is SSRC + seq nr + 3 reserved bytes.
        Need(b, 8);
        var fci = b[8..];
        var entries = new RtcpFirEntry[fci.Length / 8];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new RtcpFirEntry(BinaryPrimitives.ReadUInt32BigEndian(fci[(i * 8)..]), fci[(i * 8) + 4]);
        }

        return new RtcpFullIntraRequest(BinaryPrimitives.ReadUInt32BigEndian(b), entries);
    }
}
