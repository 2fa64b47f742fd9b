using System.Text.Json.Serialization;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// An RTMP/RTMPS connection: the item of <c>/v3/rtmpconns</c> and <c>/v3/rtmpsconns</c> and of the rtmp(s)_conns metrics.
/// Serialized with camelCase, the properties are MediaMTX's JSON fields in its order, the deprecated ones last.
/// </summary>
public sealed record RtmpConnInfo
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
    public long InboundBytes { get; init; }
    public long OutboundBytes { get; init; }
    public long OutboundFramesDiscarded { get; init; }

    /// <summary>Deprecated by MediaMTX in favour of <see cref="InboundBytes"/>, still emitted.</summary>
    public long BytesReceived => InboundBytes;

    /// <summary>Deprecated by MediaMTX in favour of <see cref="OutboundBytes"/>, still emitted.</summary>
    public long BytesSent => OutboundBytes;

    /// <summary>Ours (not in MediaMTX): socket sends, each one gathered write of everything queued (see readerBatchDuration).</summary>
    public long OutboundSends { get; init; }

    /// <summary>Ours: mean bytes per send; with <c>readerBatchDuration</c> a reader's sends carry whole batches.</summary>
    public long BytesPerSend => OutboundSends == 0 ? 0 : OutboundBytes / OutboundSends;

    /// <summary>True for RTMPS connections: selects rtmpsconns over rtmpconns, so it is not a field of the item.</summary>
    [JsonIgnore]
    public bool IsTls { get; init; }
}
