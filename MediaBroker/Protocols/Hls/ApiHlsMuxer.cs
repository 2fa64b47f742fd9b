namespace MediaBroker.Protocols.Hls;

/// <summary>MediaMTX's HLS muxer item (<c>/v3/hlsmuxers</c>, keyed by path name), with the deprecated bytesSent last.</summary>
public sealed record ApiHlsMuxer(string Path, DateTime Created, DateTime LastRequest, long OutboundBytes, long OutboundFramesDiscarded, long BytesSent);
