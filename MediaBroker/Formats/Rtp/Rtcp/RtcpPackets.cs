namespace MediaBroker.Formats.Rtp.Rtcp;

// The RTCP packet records live together: each is a few lines and they are read as a family.

/// <summary>One RTCP packet of a compound datagram.</summary>
public abstract record RtcpPacket;

/// <summary>A reception report block (RFC 3550 §6.4.1).</summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport);

/// <summary>Sender report (PT 200): maps <see cref="RtpTimestamp"/> to wall-clock <see cref="NtpTimestamp"/>.</summary>
public sealed record RtcpSenderReport(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount, RtcpReportBlock[] Reports)
    : RtcpPacket
{
    public DateTime NtpTime => NtpTime64.ToDateTime(NtpTimestamp);
}

/// <summary>Receiver report (PT 201).</summary>
public sealed record RtcpReceiverReport(uint Ssrc, RtcpReportBlock[] Reports) : RtcpPacket;

/// <summary>Source description (PT 202); only CNAME is kept per chunk.</summary>
public sealed record RtcpSourceDescription(RtcpSdesChunk[] Chunks) : RtcpPacket;

public readonly record struct RtcpSdesChunk(uint Ssrc, string? Cname);

/// <summary>Goodbye (PT 203).</summary>
public sealed record RtcpBye(uint[] Ssrcs, string? Reason) : RtcpPacket;

/// <summary>Generic NACK (RTPFB FMT 1, RFC 4585 §6.2.1), expanded to the lost sequence numbers.</summary>
public sealed record RtcpNack(uint SenderSsrc, uint MediaSsrc, ushort[] LostSequenceNumbers) : RtcpPacket;

/// <summary>Picture loss indication (PSFB FMT 1, RFC 4585 §6.3.1).</summary>
public sealed record RtcpPictureLossIndication(uint SenderSsrc, uint MediaSsrc) : RtcpPacket;

/// <summary>Full intra request (PSFB FMT 4, RFC 5104 §4.3.1).</summary>
public sealed record RtcpFullIntraRequest(uint SenderSsrc, RtcpFirEntry[] Entries) : RtcpPacket;

public readonly record struct RtcpFirEntry(uint Ssrc, byte SequenceNumber);

/// <summary>Any other packet (REMB, XR, APP, TWCC...): kept as type, count and body so callers can ignore it safely.</summary>
public sealed record RtcpUnknown(byte PacketType, byte Count, ReadOnlyMemory<byte> Body) : RtcpPacket;
