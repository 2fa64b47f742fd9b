namespace MediaBroker.Protocols.Rtsp;

/// <summary>RFC 2326 Appendix A server states, split by direction as MediaMTX reports them.</summary>
public enum RtspSessionState
{
    Initial,
    PrePlay,
    Playing,
    PreRecord,
    Recording,
}
