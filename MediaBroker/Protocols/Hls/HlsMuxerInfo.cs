namespace MediaBroker.Protocols.Hls;

/// <summary>
/// An HLS muxer (one per path being served): the item of <c>/v3/hlsmuxers</c>, keyed by path name, and of the hls_muxers
/// metrics. Serialized with camelCase, the properties are MediaMTX's JSON fields in its order, the deprecated one last.
/// </summary>
public sealed record HlsMuxerInfo
{
    public required string Path { get; init; }
    public required DateTime Created { get; init; }
    public required DateTime LastRequest { get; init; }
    public long OutboundBytes { get; init; }
    public long OutboundFramesDiscarded { get; init; }

    /// <summary>Deprecated by MediaMTX in favour of <see cref="OutboundBytes"/>, still emitted.</summary>
    public long BytesSent => OutboundBytes;
}
