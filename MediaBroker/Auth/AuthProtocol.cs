namespace MediaBroker.Auth;

/// <summary>
/// MediaMTX's names of the protocols a request can come in on (the <c>protocol</c> field of the HTTP auth JSON);
/// <see cref="Http"/> covers api, metrics, pprof and playback. Plain strings, so that the core carries the name
/// without knowing the list.
/// </summary>
public static class AuthProtocol
{
    public const string Rtsp = "rtsp";
    public const string Rtmp = "rtmp";
    public const string Hls = "hls";
    public const string WebRtc = "webrtc";
    public const string Srt = "srt";
    public const string Moq = "moq";
    public const string Http = "http";
}
