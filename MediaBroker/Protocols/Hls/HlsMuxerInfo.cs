namespace MediaBroker.Protocols.Hls;

/// <summary>MediaMTX's <c>hlsMuxer</c> API item.</summary>
public sealed record HlsMuxerInfo(string Path, DateTime Created, DateTime LastRequest, long OutboundBytes, long OutboundFramesDiscarded);
