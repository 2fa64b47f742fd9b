using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.WebRtc.Ice;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>
/// What a <see cref="WhepClientTransport"/> hands on from its receive loop: media after SRTP, one call at a time in
/// arrival order. Packets are decrypted in place in the transport's receive buffer: they are valid only during
/// the call, so a handler that keeps one copies it.
/// </summary>
internal interface IWhepPacketHandler
{
    /// <param name="packet">One decrypted RTP packet, header included.</param>
    /// <param name="receivedAt">The <see cref="System.Diagnostics.Stopwatch"/> timestamp taken right after the socket read.</param>
    void OnRtp(Memory<byte> packet, long receivedAt);

    /// <param name="packet">One decrypted (compound) RTCP packet.</param>
    /// <param name="receivedAt">As for <see cref="OnRtp"/>.</param>
    void OnRtcp(Memory<byte> packet, long receivedAt);

    /// <summary>An SRTP or SRTCP packet that did not decrypt (bad tag, replay, malformed); it is dropped.</summary>
    void OnSrtpError(PacketKind kind, SrtpResult result);
}
