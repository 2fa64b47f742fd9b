namespace MediaBroker.Protocols.Rtmp;

/// <summary>MediaMTX's <c>rtmpEncryption</c>: plain only, both listeners, or RTMPS only.</summary>
public enum RtmpEncryption
{
    No,
    Optional,
    Strict,
}
