namespace MediaBroker.Protocols.WebRtc;

/// <summary>MediaMTX's WebRTC session item (<c>/v3/webrtcsessions</c>), with the deprecated counters last.</summary>
public sealed record ApiWebRtcSession
{
    public required Guid Id { get; init; }
    public required DateTime Created { get; init; }
    public required string RemoteAddr { get; init; }
    public required bool PeerConnectionEstablished { get; init; }
    public required string LocalCandidate { get; init; }
    public required string RemoteCandidate { get; init; }
    public required string State { get; init; }
    public required string Path { get; init; }
    public required string Query { get; init; }
    public required string User { get; init; }
    public required string UserAgent { get; init; }
    public long InboundBytes { get; init; }
    public long InboundRTPPackets { get; init; }
    public long InboundRTPPacketsLost { get; init; }
    public double InboundRTPPacketsJitter { get; init; }
    public long InboundRTCPPackets { get; init; }
    public long OutboundBytes { get; init; }
    public long OutboundRTPPackets { get; init; }
    public long OutboundRTCPPackets { get; init; }
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
