using MediaBroker.Protocols.WebRtc.Ice;

namespace MediaBroker.Protocols.WebRtc.Mux;

/// <summary>What a shared ICE port (UDP mux, ICE-TCP) needs from a session. Called on the port's receive loop.</summary>
internal interface IWebRtcPeer
{
    /// <summary>The session's ICE-lite agent; only the receive loops touch it.</summary>
    IceLiteAgent Ice { get; }

    /// <summary>A Binding request from <paramref name="path"/> was authenticated (and maybe nominated it).</summary>
    void OnCheckSucceeded(WebRtcTransportPath path, bool nominated);

    /// <summary>DTLS, RTP or RTCP from an ICE-validated path. The memory is valid only during the call.</summary>
    void OnPacket(PacketKind kind, Memory<byte> packet, WebRtcTransportPath path);
}
