using Microsoft.Extensions.Logging;

namespace MediaBroker.Embed;

internal static partial class EmbedLog
{
    [LoggerMessage(EventId = 9500, Level = LogLevel.Debug, Message = "{RemoteAddr} follows the info of path '{Path}' over WebSocket")]
    public static partial void Following(ILogger logger, string remoteAddr, string path);

    [LoggerMessage(EventId = 9501, Level = LogLevel.Debug, Message = "{RemoteAddr} stopped following the info of path '{Path}': {Reason}")]
    public static partial void Unfollowed(ILogger logger, string remoteAddr, string path, string reason);

    [LoggerMessage(EventId = 9502, Level = LogLevel.Warning, Message = "{RemoteAddr} refused the info of path '{Path}' ({Status}): {Reason}")]
    public static partial void Refused(ILogger logger, string remoteAddr, string path, int status, string reason);
}
