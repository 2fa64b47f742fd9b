namespace MediaBroker.Protocols.WebRtc.Ice;

/// <summary>What arrived on a shared ICE port (RFC 7983 §7).</summary>
public enum PacketKind
{
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}

/// <summary>Demultiplexes STUN, DTLS, RTP and RTCP on one 5-tuple by the first bytes (RFC 7983 §7, RFC 5761 §4).</summary>
public static class PacketClassifier
{
    /// <summary>
    /// First byte 0-3 STUN, 20-63 DTLS, 128-191 RTP/RTCP (16-19 ZRTP and 64-79 TURN channels are
    /// Unknown here). RTCP is told from RTP by the second byte: packet types 192-223 (RFC 5761 §4).
    /// </summary>
    public static PacketKind Classify(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        byte first = packet[0];
        return first switch
        {
            <= 3 => PacketKind.Stun,
            >= 20 and <= 63 => PacketKind.Dtls,
            >= 128 and <= 191 => packet.Length >= 2 && packet[1] is >= 192 and <= 223 ? PacketKind.Rtcp : PacketKind.Rtp,
            _ => PacketKind.Unknown,
        };
    }
}
