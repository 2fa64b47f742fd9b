namespace MediaBroker.Core;

/// <summary>
/// A protocol's answer to "where does a client read path X": each protocol that serves readers registers one in its
/// <c>Add&lt;Protocol&gt;()</c>, and the stream info (Embed) lists them all without importing any protocol.
/// </summary>
public interface IReadUrlSource
{
    /// <summary>
    /// Adds the URLs at which the client of <paramref name="request"/> can read <paramref name="path"/>; adds nothing
    /// while the protocol's server is not listening.
    /// </summary>
    void AddReadUrls(string path, ReadUrlRequest request, ICollection<ReadUrl> urls);
}

/// <summary>One way to read a path: MistServer's <c>source</c> entry of the stream info.</summary>
/// <param name="Protocol">What a person calls it ("WebRTC", "LL-HLS", "RTSP").</param>
/// <param name="Type">MistServer's playback type ("whep", "html5/application/vnd.apple.mpegurl", "rtsp").</param>
/// <param name="Url">The absolute URL, as the client should reach it.</param>
/// <param name="Priority">Higher is preferred; the info lists sources by descending priority.</param>
public sealed record ReadUrl(string Protocol, string Type, string Url, int Priority);

/// <summary>How the client reached the broker: its URLs use the same host name.</summary>
public sealed record ReadUrlRequest
{
    /// <summary>The host name or address the client used, without port ("example.com", "192.0.2.1", "[::1]").</summary>
    public required string Host { get; init; }

    /// <summary>The HTTP listener the request came in on ("hls", "webrtc").</summary>
    public required string Listener { get; init; }

    /// <summary>The request's scheme ("http", "https"), as a trusted proxy reported it.</summary>
    public required string Scheme { get; init; }

    /// <summary>The request's host and port as the client used them (the Host header, or a trusted proxy's X-Forwarded-Host).</summary>
    public required string Authority { get; init; }

    /// <summary>
    /// The scheme and authority of a URL on <paramref name="listener"/>: the request's own when the listener is the one
    /// the request came in on (a reverse proxy's host, port and scheme are kept), else the request's host with
    /// <paramref name="scheme"/> and the listener's <paramref name="port"/>.
    /// </summary>
    public string Origin(string listener, string scheme, int port) =>
        listener == Listener ? $"{Scheme}://{Authority}" : $"{scheme}://{Host}:{port}";

    /// <summary>A path name for a URL: each segment escaped, slashes kept ("live/my cam" → "live/my%20cam").</summary>
    public static string EscapePath(string path) =>
        string.Join('/', (path ?? "").Split('/').Select(Uri.EscapeDataString));
}
