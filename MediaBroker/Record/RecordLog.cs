using Microsoft.Extensions.Logging;

namespace MediaBroker.Record;

internal static partial class RecordLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "[recorder {Path}] recording {Tracks} to {Format} segments")]
    public static partial void Started(ILogger logger, string path, string tracks, string format);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "[recorder {Path}] stopped: {Reason}")]
    public static partial void Stopped(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "[recorder {Path}] {Format} cannot carry {Tracks}: not recorded")]
    public static partial void TracksSkipped(ILogger logger, string path, string format, string tracks);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "[recorder {Path}] nothing to record: {Format} can carry none of {Tracks}")]
    public static partial void NothingToRecord(ILogger logger, string path, string format, string tracks);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Debug, Message = "[recorder {Path}] segment {File} created")]
    public static partial void SegmentCreated(ILogger logger, string path, string file);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Debug, Message = "[recorder {Path}] segment {File} completed ({Duration:0.###} s)")]
    public static partial void SegmentCompleted(ILogger logger, string path, string file, double duration);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Error, Message = "[recorder {Path}] cannot write segment {File}: {Reason} (this segment is lost; the next one is tried)")]
    public static partial void SegmentFailed(ILogger logger, string path, string file, string reason);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Error, Message = "[recorder {Path}] failed: {Reason}")]
    public static partial void Failed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1610, Level = LogLevel.Information, Message = "[{Path}] deleted segment {File} (older than {DeleteAfter})")]
    public static partial void SegmentDeleted(ILogger logger, string path, string file, TimeSpan deleteAfter);

    [LoggerMessage(EventId = 1611, Level = LogLevel.Warning, Message = "cannot delete {File}: {Reason}")]
    public static partial void DeleteFailed(ILogger logger, string file, string reason);
}
