using System.Net;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Net.Tcp;

internal static partial class TcpLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "{Server} listener opened on {EndPoint}")]
    public static partial void Listening(ILogger logger, string server, IPEndPoint endPoint);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "{Server} accept failed: {Error}")]
    public static partial void AcceptFailed(ILogger logger, string server, string error);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Debug, Message = "{Server} [conn {RemoteEndPoint}] closed: {Reason}")]
    public static partial void ConnectionEnded(ILogger logger, string server, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Information, Message = "{Server} [conn {RemoteEndPoint}] handshake failed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string server, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Error, Message = "{Server} [conn {RemoteEndPoint}] session failed")]
    public static partial void SessionCrashed(ILogger logger, string server, IPEndPoint remoteEndPoint, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "{Server} [conn {RemoteEndPoint}] closed: handshake not completed within {Timeout} (TLS ClientHello or PROXY header missing or too slow)")]
    public static partial void HandshakeTimedOut(ILogger logger, string server, IPEndPoint remoteEndPoint, TimeSpan timeout);
}
