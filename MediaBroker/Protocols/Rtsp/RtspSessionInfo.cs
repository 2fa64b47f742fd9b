using System.Text.Json.Serialization;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// An RTSP/RTSPS session: the item of <c>/v3/rtspsessions</c> and <c>/v3/rtspssessions</c> and of the rtsp(s)_sessions
/// metrics. Serialized with camelCase, the properties are MediaMTX's JSON fields in its order (hence RTP and RTCP in
/// capitals), followed by the deprecated counters it still emits (bytesReceived... rtcpPacketsInError).
/// </summary>
public sealed record RtspSessionInfo
{
    public required Guid Id { get; init; }
    public required DateTime Created { get; init; }
    public required string RemoteAddr { get; init; }

    /// <summary>idle, read or publish.</summary>
    public required string State { get; init; }

    /// <summary>Empty until ANNOUNCE or SETUP names the path.</summary>
    public required string Path { get; init; }
    public required string Query { get; init; }
    public required string User { get; init; }
    public required string UserAgent { get; init; }

    /// <summary>UDP, UDP-multicast or TCP once the first SETUP fixed it, else null.</summary>
    public required string? Transport { get; init; }

    /// <summary>AVP or SAVP once set up, else null.</summary>
    public required string? Profile { get; init; }

    /// <summary>The connections whose current session this is.</summary>
    public required IReadOnlyList<Guid> Conns { get; init; }
    public long InboundBytes { get; init; }
    public long InboundRTPPackets { get; init; }
    public long InboundRTPPacketsLost { get; init; }
    public long InboundRTPPacketsInError { get; init; }
    public double InboundRTPPacketsJitter { get; init; }
    public long InboundRTCPPackets { get; init; }

    /// <summary>Not counted yet (RTCP that fails to parse is dropped silently), so 0.</summary>
    public long InboundRTCPPacketsInError { get; init; }
    public long OutboundBytes { get; init; }
    public long OutboundRTPPackets { get; init; }

    /// <summary>Not counted yet (receiver reports are not summed up), so 0.</summary>
    public long OutboundRTPPacketsReportedLost { get; init; }

    /// <summary>Frames this reader lost because it was too slow (its queue's drop count).</summary>
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

    /// <summary>Ours (not in MediaMTX): TCP sends that carried this session's media (interleaved; 0 over UDP).</summary>
    public long OutboundSends { get; init; }

    /// <summary>Ours: mean media bytes per TCP send; with <c>readerBatchDuration</c> each send carries a whole batch.</summary>
    public long BytesPerSend { get; init; }

    /// <summary>True for RTSPS: selects rtspssessions over rtspsessions, so it is not a field of the item.</summary>
    [JsonIgnore]
    public bool IsTls { get; init; }
}
