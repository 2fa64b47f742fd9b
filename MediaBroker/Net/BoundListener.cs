using System.Net;

namespace MediaBroker.Net;

/// <summary>
/// One address a server listens on now, as a client would reach it: the protocol ("rtsp", "hls", "webrtc",
/// "rtmp", "srt"), the URL scheme ("rtsps", "https", ...) and the bound endpoint (port 0 resolved).
/// </summary>
public readonly record struct BoundListener(string Protocol, string Scheme, IPEndPoint EndPoint);
