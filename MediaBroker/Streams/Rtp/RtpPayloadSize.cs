namespace MediaBroker.Streams.Rtp;

/// <summary>The one RTP payload size policy of the broker's readers (RTSP over UDP, TCP or multicast, plain or SAVP, and WebRTC).</summary>
public static class RtpPayloadSize
{
    /// <summary>RTP fixed header, no CSRC, no extension (RFC 3550 §5.1).</summary>
    public const int HeaderSize = 12;

    /// <summary>Room for the largest SRTP authentication tag we may append (AEAD-AES-GCM's 16 bytes; HMAC-SHA1-80 needs 10).</summary>
    public const int SrtpTagRoom = 16;

    /// <summary>WebRTC's datagram budget: browsers and TURN relays assume about 1200 bytes get through unfragmented.</summary>
    public const int WebRtcDatagramLimit = 1200;

    /// <summary>
    /// Largest RTP payload for a reader given <c>udpMaxPayloadSize</c>: header + payload + an SRTP tag fit both
    /// <c>udpMaxPayloadSize</c> and WebRTC's 1200-byte datagram limit (1172 bytes with the default 1452).
    /// </summary>
    /// <remarks>
    /// One size for every RTP reader, so a path read over RTSP and WebRTC is packetized once, not once per protocol.
    /// The tag room is needed anyway for RTSP SAVP, whose packets would otherwise exceed <c>udpMaxPayloadSize</c>
    /// once protected; the 1200-byte cap costs RTSP readers nothing but ~20% more, smaller packets for large frames
    /// (RTSP clients accept any size), and RTP-in units with bigger packets are repacketized instead of forwarded.
    /// </remarks>
    public static int For(int udpMaxPayloadSize) =>
        Math.Min(udpMaxPayloadSize, WebRtcDatagramLimit) - HeaderSize - SrtpTagRoom;
}
