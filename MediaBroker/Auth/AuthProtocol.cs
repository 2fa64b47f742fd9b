namespace MediaBroker.Auth;

/// <summary>The protocol a request came in on, as MediaMTX's HTTP auth payload names it.</summary>
public enum AuthProtocol
{
    Rtsp,
    Rtmp,
    Hls,
    WebRtc,
    Srt,
    Moq,
    Http,
}
