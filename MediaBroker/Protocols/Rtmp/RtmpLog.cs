using System.Net;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtmp;

internal static partial class RtmpLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{RemoteEndPoint} opened ({SessionId})")]
    public static partial void Opened(ILogger logger, IPEndPoint remoteEndPoint, Guid sessionId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "{RemoteEndPoint} closed: {Reason}")]
    public static partial void Closed(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "{RemoteEndPoint} is publishing to path '{Path}', {Tracks}")]
    public static partial void Publishing(ILogger logger, IPEndPoint remoteEndPoint, string path, string tracks);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "{RemoteEndPoint} is reading from path '{Path}', {Tracks}")]
    public static partial void Reading(ILogger logger, IPEndPoint remoteEndPoint, string path, string tracks);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "{RemoteEndPoint} closed: {Reason}")]
    public static partial void ProtocolError(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "{RemoteEndPoint} refused on path '{Path}': {Reason}")]
    public static partial void Refused(ILogger logger, IPEndPoint remoteEndPoint, string path, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Debug, Message = "{RemoteEndPoint} command {Command}")]
    public static partial void Command(ILogger logger, IPEndPoint remoteEndPoint, string command);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Debug, Message = "{RemoteEndPoint} handshake done (digest: {Digest})")]
    public static partial void Handshake(ILogger logger, IPEndPoint remoteEndPoint, bool digest);


    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "{RemoteEndPoint} sent media that cannot be decoded: {Reason}")]
    public static partial void FrameInError(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Warning, Message = "[push {Path}] RTMP cannot carry {Tracks}: sent without them")]
    public static partial void PushTracksSkipped(ILogger logger, string path, string tracks);
}
