namespace MediaBroker.Protocols.Rtsp;

/// <summary>MediaMTX's RTSP/RTSPS conn item (<c>/v3/rtspconns</c>); property names camelCase to its JSON fields, in its order.</summary>
public sealed record ApiRtspConn(Guid Id, DateTime Created, string RemoteAddr, Guid? Session, string Tunnel,
    long InboundBytes, long OutboundBytes, long BytesReceived, long BytesSent);
