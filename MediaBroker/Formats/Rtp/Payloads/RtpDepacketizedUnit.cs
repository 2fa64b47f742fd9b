namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// One unit rebuilt from RTP: the payloads in the codec's elementary form (see <c>Core.Unit.Payloads</c>),
/// the RTP timestamp it carried, and the datagrams it came in (for zero-copy forwarding).
/// </summary>
public sealed record RtpDepacketizedUnit(uint RtpTimestamp, ReadOnlyMemory<byte>[] Payloads, bool IsRandomAccess, ReadOnlyMemory<byte>[] RtpPackets);
