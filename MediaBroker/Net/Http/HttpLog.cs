using Microsoft.Extensions.Logging;

namespace MediaBroker.Net.Http;

/// <summary>Log lines of the shared HTTP host (event ids 6900-6999, next to HLS, its first user; 1403-1406 for connections ended by a deadline).</summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 6900, Level = LogLevel.Information, Message = "{Server} listener opened on {Endpoint} ({Scheme})")]
    public static partial void Listening(ILogger logger, string server, string endpoint, string scheme);

    [LoggerMessage(EventId = 6901, Level = LogLevel.Information, Message = "{Server} listener closed")]
    public static partial void Stopped(ILogger logger, string server);

    [LoggerMessage(EventId = 6902, Level = LogLevel.Debug, Message = "[{Server}] [conn {RemoteIp}] {Method} {Path} {Status} ({ElapsedMs:0.0} ms)")]
    public static partial void Request(ILogger logger, string server, string remoteIp, string method, string path, int status, double elapsedMs);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "[{Server}] [conn {RemoteEndPoint}] closed: TLS handshake not completed within {Timeout} (readTimeout)")]
    public static partial void TlsHandshakeTimedOut(ILogger logger, string server, string remoteEndPoint, TimeSpan timeout);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "[{Server}] [conn {RemoteEndPoint}] closed: TLS handshake failed after {ElapsedMs:0} ms")]
    public static partial void TlsHandshakeFailed(ILogger logger, string server, string remoteEndPoint, double elapsedMs);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "[{Server}] [conn {RemoteEndPoint}] closed: no complete request headers within {Timeout} (readTimeout)")]
    public static partial void NoRequestWithinReadTimeout(ILogger logger, string server, string remoteEndPoint, TimeSpan timeout);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Debug, Message = "[{Server}] [conn {RemoteEndPoint}] closed: no new request within {Timeout} (readTimeout) after {Requests} request(s)")]
    public static partial void IdleAfterRequests(ILogger logger, string server, string remoteEndPoint, int requests, TimeSpan timeout);
}
