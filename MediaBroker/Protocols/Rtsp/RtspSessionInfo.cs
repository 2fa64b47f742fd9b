namespace MediaBroker.Protocols.Rtsp;

/// <summary>An RTSP session as the API lists it (MediaMTX <c>/v3/rtspsessions</c> fields).</summary>
public sealed record RtspSessionInfo
{
    public required Guid Id { get; init; }

    public required DateTime Created { get; init; }

    public required string RemoteAddr { get; init; }

    /// <summary>idle, read or publish.</summary>
    public required string State { get; init; }

    public string? Path { get; init; }

    public string Query { get; init; } = "";

    public string? User { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>UDP, UDP-multicast or TCP, once set up.</summary>
    public string? Transport { get; init; }

    public string? Profile { get; init; }

    public long InboundBytes { get; init; }

    public long InboundRtpPackets { get; init; }

    public long InboundRtpPacketsLost { get; init; }

    public long InboundRtpPacketsInError { get; init; }

    public double InboundRtpPacketsJitter { get; init; }

    public long InboundRtcpPackets { get; init; }

    public long OutboundBytes { get; init; }

    public long OutboundRtpPackets { get; init; }

    public long OutboundRtcpPackets { get; init; }

    public long OutboundFramesDiscarded { get; init; }

    /// <summary>True for RTSPS sessions (listed under <c>rtspssessions</c>).</summary>
    public bool IsTls { get; init; }
}

/// <summary>An RTSP connection as the API lists it (MediaMTX <c>/v3/rtspconns</c> fields).</summary>
public sealed record RtspConnInfo
{
    public required Guid Id { get; init; }

    public required DateTime Created { get; init; }

    public required string RemoteAddr { get; init; }

    public Guid? Session { get; init; }

    public string Tunnel { get; init; } = "none";

    public bool IsTls { get; init; }

    public long InboundBytes { get; init; }

    public long OutboundBytes { get; init; }
}
