using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.HttpStream;

internal static partial class HttpStreamLog
{
    [LoggerMessage(EventId = 6501, Level = LogLevel.Information, Message = "session {SessionId} {RemoteAddr} is reading from path '{Path}' as {Format}, {Tracks}")]
    public static partial void Reading(ILogger logger, Guid sessionId, string remoteAddr, string path, string format, string tracks);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Information, Message = "session {SessionId} closed: {Reason}")]
    public static partial void Closed(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(EventId = 6503, Level = LogLevel.Warning, Message = "{RemoteAddr} refused on path '{Path}' ({Status}): {Reason}")]
    public static partial void Refused(ILogger logger, string remoteAddr, string path, int status, string reason);
}
