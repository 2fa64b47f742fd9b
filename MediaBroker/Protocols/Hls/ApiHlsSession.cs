namespace MediaBroker.Protocols.Hls;

/// <summary>MediaMTX's HLS session item (<c>/v3/hlssessions</c>).</summary>
public sealed record ApiHlsSession(Guid Id, DateTime Created, string RemoteAddr, string Path, string Query, string User,
    string UserAgent, bool IsCDN, long OutboundBytes);
