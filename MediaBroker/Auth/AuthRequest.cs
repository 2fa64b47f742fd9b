using System.Net;

namespace MediaBroker.Auth;

/// <summary>
/// One authentication question, asked by every protocol the same way. Credentials are whatever the client
/// sent (empty strings when it sent none); protocols fill them with <see cref="HttpCredentials"/> or
/// <see cref="QueryCredentials"/>.
/// </summary>
public sealed record AuthRequest
{
    public required AuthAction Action { get; init; }

    /// <summary>The path name without leading slash; "" for api, metrics and pprof.</summary>
    public string Path { get; init; } = "";

    /// <summary>The raw query string without '?'.</summary>
    public string Query { get; init; } = "";
    public string User { get; init; } = "";
    public string Password { get; init; } = "";

    /// <summary>A bearer token or JWT.</summary>
    public string Token { get; init; } = "";
    public required IPAddress RemoteIp { get; init; }
    /// <summary>MediaMTX's name of the protocol the request came in on ("rtsp", "rtmp", "hls", "webrtc", "srt", "http").</summary>
    public required string Protocol { get; init; }

    /// <summary>The connection or session id, when the protocol has one.</summary>
    public Guid? Id { get; init; }
    public string UserAgent { get; init; } = "";

    /// <summary>
    /// Set by RTSP Digest: instead of comparing <see cref="Password"/>, the service calls this with each
    /// candidate user's configured user and pass, and the callback checks the digest response against them.
    /// Only plain-text credentials can be verified this way (a hash cannot produce a digest).
    /// </summary>
    public Func<string, string, bool>? VerifyCredentials { get; init; }

    /// <summary>True when the client sent no user, password, token nor digest response.</summary>
    public bool HasNoCredentials =>
        User.Length == 0 && Password.Length == 0 && Token.Length == 0 && VerifyCredentials is null;
}
