using Microsoft.Extensions.Logging;

namespace MediaBroker.Net.Http;

/// <summary>Log lines of the shared HTTP host (event ids 6900-6999, next to HLS, its first user).</summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 6900, Level = LogLevel.Information, Message = "{Server} listener opened on {Endpoint} ({Scheme})")]
    public static partial void Listening(ILogger logger, string server, string endpoint, string scheme);

    [LoggerMessage(EventId = 6901, Level = LogLevel.Information, Message = "{Server} listener closed")]
    public static partial void Stopped(ILogger logger, string server);

    [LoggerMessage(EventId = 6902, Level = LogLevel.Debug, Message = "[{Server}] [conn {RemoteIp}] {Method} {Path} {Status} ({ElapsedMs:0.0} ms)")]
    public static partial void Request(ILogger logger, string server, string remoteIp, string method, string path, int status, double elapsedMs);
}
