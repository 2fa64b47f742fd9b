namespace MediaBroker.Net.Http;

/// <summary>The names <see cref="IHttpRequestHandler.Listener"/> uses for the broker's HTTP listeners.</summary>
public static class HttpListenerNames
{
    /// <summary>The HLS listener (<c>hlsAddress</c>).</summary>
    public const string Hls = "hls";

    /// <summary>The WebRTC signalling listener (<c>webrtcAddress</c>).</summary>
    public const string WebRtc = "webrtc";
}
