using System.Net;

namespace MediaBroker.Core;

/// <summary>Who asks for a path, with what credentials, over which protocol.</summary>
public sealed record AccessRequest
{
    public required string Path { get; init; }

    /// <summary>The query string without '?', kept for auth and hooks.</summary>
    public string Query { get; init; } = "";

    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>A bearer token or JWT.</summary>
    public string? Token { get; init; }

    public required IPAddress RemoteIp { get; init; }

    /// <summary>MediaMTX's name of the protocol the request came in on ("rtsp", "rtmp", "hls", "webrtc", "srt", "http").</summary>
    public required string Protocol { get; init; }

    public Guid? ConnectionId { get; init; }

    /// <summary>
    /// Set by outputs that can send a new reader elsewhere (RTSP DESCRIBE, HLS, WHEP, HTTP streams): the listener a
    /// cluster redirect keeps ("rtsp", "rtsps", "hls", "webrtc"). Null: the reader is served here or refused, never
    /// redirected to another node.
    /// </summary>
    public string? RedirectEndpoint { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>
    /// For schemes where the server never sees the password (RTSP Digest): called with each candidate
    /// user's plain credentials, returns whether the client's response matches them.
    /// </summary>
    public Func<string, string, bool>? VerifyCredentials { get; init; }

    public bool HasCredentials => !string.IsNullOrEmpty(User) || !string.IsNullOrEmpty(Password)
        || !string.IsNullOrEmpty(Token) || VerifyCredentials is not null;
}
