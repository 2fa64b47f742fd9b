using System.Text.Json.Serialization;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// An RTSP/RTSPS connection: the item of <c>/v3/rtspconns</c> and <c>/v3/rtspsconns</c> and of the rtsp(s)_conns metrics.
/// Serialized with camelCase, the properties are MediaMTX's JSON fields in its order, the deprecated ones last.
/// </summary>
public sealed record RtspConnInfo
{
    public required Guid Id { get; init; }
    public required DateTime Created { get; init; }
    public required string RemoteAddr { get; init; }

    /// <summary>The connection's current session; MediaMTX writes null when there is none.</summary>
    public Guid? Session { get; init; }

    public string Tunnel { get; init; } = "none";
    public long InboundBytes { get; init; }
    public long OutboundBytes { get; init; }

    /// <summary>Deprecated by MediaMTX in favour of <see cref="InboundBytes"/>, still emitted.</summary>
    public long BytesReceived => InboundBytes;

    /// <summary>Deprecated by MediaMTX in favour of <see cref="OutboundBytes"/>, still emitted.</summary>
    public long BytesSent => OutboundBytes;

    /// <summary>True for RTSPS: selects rtspsconns over rtspconns, so it is not a field of the item.</summary>
    [JsonIgnore]
    public bool IsTls { get; init; }
}
