using System.Net;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

internal static partial class RtspTunnelLog
{
    [LoggerMessage(EventId = 3050, Level = LogLevel.Information, Message = "[conn {RemoteEndPoint}] RTSP tunnelled over {Tunnel}")]
    public static partial void Opened(ILogger logger, IPEndPoint remoteEndPoint, string tunnel);

    [LoggerMessage(EventId = 3051, Level = LogLevel.Warning, Message = "[conn {RemoteEndPoint}] tunnel refused: {Reason}")]
    public static partial void Refused(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 3052, Level = LogLevel.Warning, Message = "[conn {RemoteEndPoint}] malformed tunnel input, closing: {Reason}")]
    public static partial void Malformed(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 3053, Level = LogLevel.Debug, Message = "[conn {RemoteEndPoint}] HTTP tunnel POST channel attached from {PostEndPoint}")]
    public static partial void PostAttached(ILogger logger, IPEndPoint remoteEndPoint, IPEndPoint postEndPoint);

    [LoggerMessage(EventId = 3054, Level = LogLevel.Debug, Message = "[conn {RemoteEndPoint}] HTTP tunnel POST channel closed: {Reason}")]
    public static partial void PostClosed(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 3055, Level = LogLevel.Information, Message = "[conn {RemoteEndPoint}] closed before its first request: {Reason}")]
    public static partial void ClosedBeforeRequest(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 3060, Level = LogLevel.Debug, Message = "[source {Url}] connected through an RTSP {Tunnel} tunnel")]
    public static partial void SourceTunnelled(ILogger logger, string url, string tunnel);
}
