namespace MediaBroker.Protocols.Hls;

/// <summary>
/// An HLS viewer session: the item of <c>/v3/hlssessions</c> and of the hls_sessions metrics. Serialized with camelCase,
/// the properties are MediaMTX's JSON fields in its order (hence <see cref="IsCDN"/>, written <c>isCDN</c>).
/// </summary>
public sealed record HlsSessionInfo
{
    public required Guid Id { get; init; }
    public required DateTime Created { get; init; }
    public required string RemoteAddr { get; init; }
    public required string Path { get; init; }
    public required string Query { get; init; }
    public required string User { get; init; }
    public required string UserAgent { get; init; }

    /// <summary>The requests carry the CDN secret (<c>hlsCDNSecret</c>): no per-user auth was done.</summary>
    public bool IsCDN { get; init; }
    public long OutboundBytes { get; init; }
}
