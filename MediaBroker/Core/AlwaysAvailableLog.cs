using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

/// <summary>Log messages of always-available paths (EventIds 1080-1089).</summary>
internal static partial class AlwaysAvailableLog
{
    [LoggerMessage(EventId = 1080, Level = LogLevel.Information, Message = "[path {Path}] always available with {Tracks}; playing the offline media")]
    public static partial void Started(ILogger logger, string path, string tracks);

    [LoggerMessage(EventId = 1081, Level = LogLevel.Error, Message = "[path {Path}] cannot make the offline media: {Reason}; the path is not always available")]
    public static partial void OfflineMediaFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1082, Level = LogLevel.Error, Message = "[path {Path}] {SourceType} refused: {Reason}")]
    public static partial void TracksRefused(ILogger logger, string path, string sourceType, string reason);

    [LoggerMessage(EventId = 1083, Level = LogLevel.Information, Message = "[path {Path}] {SourceType} is online; readers switch to it at its first key frame")]
    public static partial void Online(ILogger logger, string path, string sourceType);

    [LoggerMessage(EventId = 1084, Level = LogLevel.Information, Message = "[path {Path}] offline: readers get the offline media")]
    public static partial void Offline(ILogger logger, string path);

    [LoggerMessage(EventId = 1085, Level = LogLevel.Error, Message = "[path {Path}] the offline media stopped: {Reason}")]
    public static partial void OfflineMediaStopped(ILogger logger, string path, string reason);
}
