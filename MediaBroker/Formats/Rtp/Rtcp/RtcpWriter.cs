using System.Buffers.Binary;
using System.Text;

namespace MediaBroker.Formats.Rtp.Rtcp;

/// <summary>
/// Serializes the RTCP packets we send. Each method writes one packet and returns its length, so
/// callers build compound packets (SR/RR + SDES, RFC 3550 §6.1) by writing them back to back.
/// </summary>
public static class RtcpWriter
{
    public static int SenderReportLength(int blocks) => 28 + (blocks * 24);

    public static int WriteSenderReport(Span<byte> destination, RtcpSenderReport report)
    {
        var length = SenderReportLength(report.Reports.Length);
        Check(destination, length);
        WriteHeader(destination, report.Reports.Length, RtcpParser.TypeSenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], report.Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], report.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], report.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], report.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], report.OctetCount);
        WriteBlocks(destination[28..], report.Reports);
        return length;
    }

    public static int ReceiverReportLength(int blocks) => 8 + (blocks * 24);

    public static int WriteReceiverReport(Span<byte> destination, RtcpReceiverReport report)
    {
        var length = ReceiverReportLength(report.Reports.Length);
        Check(destination, length);
        WriteHeader(destination, report.Reports.Length, RtcpParser.TypeReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], report.Ssrc);
        WriteBlocks(destination[8..], report.Reports);
        return length;
    }

    /// <summary>One SDES chunk with a CNAME item (RFC 3550 §6.5.1).</summary>
    public static int WriteSourceDescription(Span<byte> destination, uint ssrc, string cname)
    {
        var nameLength = Math.Min(Encoding.UTF8.GetByteCount(cname), 255);
        var length = (4 + 4 + 2 + nameLength + 4) & ~3; // header, SSRC, item, null terminator + padding
        Check(destination, length);
        destination[..length].Clear();
        WriteHeader(destination, 1, RtcpParser.TypeSourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = 1;
        destination[9] = (byte)nameLength;
        Encoding.UTF8.GetBytes(cname.AsSpan(), destination.Slice(10, nameLength));
        return length;
    }

    public static int WriteBye(Span<byte> destination, uint ssrc)
    {
        Check(destination, 8);
        WriteHeader(destination, 1, RtcpParser.TypeBye, 8);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        return 8;
    }

    /// <summary>Bytes a NACK for these sequence numbers takes (worst case: one FCI entry each).</summary>
    public static int NackMaxLength(int lost) => 12 + (lost * 4);

    /// <summary>Generic NACK (RFC 4585 §6.2.1); <paramref name="lost"/> must be in sequence order.</summary>
    public static int WriteNack(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        Check(destination, NackMaxLength(lost.Length));
        var offset = 12;
        var i = 0;
        while (i < lost.Length)
        {
            var pid = lost[i++];
            ushort blp = 0;
            while (i < lost.Length)
            {
                var delta = (ushort)(lost[i] - pid);
                if (delta is 0 or > 16)
                {
                    break;
                }

                blp |= (ushort)(1 << (delta - 1));
                i++;
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], pid);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], blp);
            offset += 4;
        }

        WriteHeader(destination, 1, RtcpParser.TypeTransportFeedback, offset);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        return offset;
    }

    public static int WritePictureLossIndication(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        Check(destination, 12);
        WriteHeader(destination, 1, RtcpParser.TypePayloadFeedback, 12);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        return 12;
    }

    private static void Check(Span<byte> destination, int length)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException("destination too small for the RTCP packet", nameof(destination));
        }
    }

    private static void WriteHeader(Span<byte> destination, int count, byte type, int length)
    {
        destination[0] = (byte)(0x80 | count);
        destination[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
    }

    private static void WriteBlocks(Span<byte> destination, RtcpReportBlock[] blocks)
    {
        for (var i = 0; i < blocks.Length; i++)
        {
            var s = destination.Slice(i * 24, 24);
            var r = blocks[i];
            BinaryPrimitives.WriteUInt32BigEndian(s, r.Ssrc);
            s[4] = r.FractionLost;
            var lost = Math.Clamp(r.CumulativeLost, -0x800000, 0x7FFFFF);
            s[5] = (byte)(lost >> 16);
            s[6] = (byte)(lost >> 8);
            s[7] = (byte)lost;
            BinaryPrimitives.WriteUInt32BigEndian(s[8..], r.ExtendedHighestSequence);
            BinaryPrimitives.WriteUInt32BigEndian(s[12..], r.Jitter);
            BinaryPrimitives.WriteUInt32BigEndian(s[16..], r.LastSenderReport);
            BinaryPrimitives.WriteUInt32BigEndian(s[20..], r.DelaySinceLastSenderReport);
        }
    }
}
