namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// MediaMTX's RTSP/RTSPS session item (<c>/v3/rtspsessions</c>), including the deprecated counters it still emits
/// (bytesReceived... rtcpPacketsInError) after the current ones.
/// </summary>
public sealed record ApiRtspSession
{
    public required Guid Id { get; init; }
    public required DateTime Created { get; init; }
    public required string RemoteAddr { get; init; }
    public required string State { get; init; }
    public required string Path { get; init; }
    public required string Query { get; init; }
    public required string User { get; init; }
    public required string UserAgent { get; init; }
    public required string? Transport { get; init; }
    public required string? Profile { get; init; }
    public required IReadOnlyList<Guid> Conns { get; init; }
    public long InboundBytes { get; init; }
    public long InboundRTPPackets { get; init; }
    public long InboundRTPPacketsLost { get; init; }
    public long InboundRTPPacketsInError { get; init; }
    public double InboundRTPPacketsJitter { get; init; }
    public long InboundRTCPPackets { get; init; }
    public long InboundRTCPPacketsInError { get; init; }
    public long OutboundBytes { get; init; }
    public long OutboundRTPPackets { get; init; }
    public long OutboundRTPPacketsReportedLost { get; init; }
    public long OutboundRTPPacketsDiscarded { get; init; }
    public long OutboundRTCPPackets { get; init; }
    public long BytesReceived => InboundBytes;
    public long BytesSent => OutboundBytes;
    public long RtpPacketsReceived => InboundRTPPackets;
    public long RtpPacketsSent => OutboundRTPPackets;
    public long RtpPacketsLost => InboundRTPPacketsLost;
    public long RtpPacketsInError => InboundRTPPacketsInError;
    public double RtpPacketsJitter => InboundRTPPacketsJitter;
    public long RtcpPacketsReceived => InboundRTCPPackets;
    public long RtcpPacketsSent => OutboundRTCPPackets;
    public long RtcpPacketsInError => InboundRTCPPacketsInError;
}
