namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>How a <see cref="WhipPusher"/> packetizes, sets up its socket and when it gives up.</summary>
public sealed record WhipPusherOptions
{
    /// <summary>udpMaxPayloadSize: with WebRTC's 1200-byte limit it picks the shared RTP packetization (<c>RtpPayloadSize.For</c>).</summary>
    public int UdpMaxPayloadSize { get; init; } = 1452;

    /// <summary>udpReadBufferSize: SO_RCVBUF of the media socket; 0 keeps the system default.</summary>
    public int UdpReadBufferSize { get; init; }

    /// <summary>webrtcHandshakeTimeout: for the ICE checks and again for the DTLS handshake.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>For each HTTP request (the offer, the DELETE).</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consent checks (RFC 7675) are sent this often; each one gets an answer from a live server.</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>With nothing from the server (consent answers, RTCP) for this long, the push fails: the server is gone.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
