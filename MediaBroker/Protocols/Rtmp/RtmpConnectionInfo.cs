namespace MediaBroker.Protocols.Rtmp;

/// <summary>An RTMP connection as MediaMTX's API shows it (<c>/v3/rtmpconns</c>, <c>/v3/rtmpsconns</c>).</summary>
public sealed record RtmpConnectionInfo
{
    public required Guid Id { get; init; }
    public required DateTime Created { get; init; }
    public required string RemoteAddr { get; init; }

    /// <summary>"idle", "read" or "publish".</summary>
    public required string State { get; init; }
    public required string Path { get; init; }
    public required string Query { get; init; }
    public required string User { get; init; }
    public required string UserAgent { get; init; }
    public required long InboundBytes { get; init; }
    public required long OutboundBytes { get; init; }
    public required long OutboundFramesDiscarded { get; init; }

    /// <summary>True for RTMPS connections (listed under <c>rtmpsconns</c>).</summary>
    public required bool IsTls { get; init; }
}
