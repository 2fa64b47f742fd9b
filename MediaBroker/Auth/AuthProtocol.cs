namespace MediaBroker.Auth;

/// <summary>The protocol a request came in on; <see cref="Http"/> covers api, metrics, pprof and playback.</summary>
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
