namespace MediaBroker.Protocols.WebRtc;

/// <summary>
/// A WebRTC session (WHIP publisher or WHEP reader): the item of <c>/v3/webrtcsessions</c> and of the webrtc_sessions
/// metrics. Serialized with camelCase, the properties are MediaMTX's JSON fields in its order (hence RTP and RTCP in
/// capitals), followed by the deprecated counters it still emits.
/// </summary>
public sealed record WebRtcSessionInfo
{
    public required Guid Id { get; init; }
    public required DateTime Created { get; init; }

    /// <summary>The HTTP client that created the session.</summary>
    public required string RemoteAddr { get; init; }
    public required bool PeerConnectionEstablished { get; init; }

    /// <summary>The selected ICE pair, empty until one is selected.</summary>
    public required string LocalCandidate { get; init; }
    public required string RemoteCandidate { get; init; }

    /// <summary>read or publish.</summary>
    public required string State { get; init; }
    public required string Path { get; init; }
    public required string Query { get; init; }
    public required string User { get; init; }
    public required string UserAgent { get; init; }
    public long InboundBytes { get; init; }
    public long InboundRTPPackets { get; init; }

    /// <summary>Publishers only: RTCP-style cumulative loss over the incoming SSRCs.</summary>
    public long InboundRTPPacketsLost { get; init; }

    /// <summary>Publishers only: mean interarrival jitter of the incoming SSRCs, in seconds.</summary>
    public double InboundRTPPacketsJitter { get; init; }
    public long InboundRTCPPackets { get; init; }
    public long OutboundBytes { get; init; }
    public long OutboundRTPPackets { get; init; }
    public long OutboundRTCPPackets { get; init; }

    /// <summary>Readers only: frames lost because the viewer could not keep up.</summary>
    public long OutboundFramesDiscarded { get; init; }
    public long BytesReceived => InboundBytes;
    public long BytesSent => OutboundBytes;
    public long RtpPacketsReceived => InboundRTPPackets;
    public long RtpPacketsSent => OutboundRTPPackets;
    public long RtpPacketsLost => InboundRTPPacketsLost;
    public double RtpPacketsJitter => InboundRTPPacketsJitter;
    public long RtcpPacketsReceived => InboundRTCPPackets;
    public long RtcpPacketsSent => OutboundRTCPPackets;
}
