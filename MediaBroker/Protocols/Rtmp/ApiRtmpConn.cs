namespace MediaBroker.Protocols.Rtmp;

/// <summary>MediaMTX's RTMP/RTMPS conn item (<c>/v3/rtmpconns</c>), with the deprecated byte counters last.</summary>
public sealed record ApiRtmpConn(Guid Id, DateTime Created, string RemoteAddr, string State, string Path, string Query,
    string User, string UserAgent, long InboundBytes, long OutboundBytes, long OutboundFramesDiscarded, long BytesReceived, long BytesSent);
