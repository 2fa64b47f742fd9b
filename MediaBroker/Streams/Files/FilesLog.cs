using Microsoft.Extensions.Logging;

namespace MediaBroker.Streams.Files;

/// <summary>Log events of file sources (1200-1239).</summary>
internal static partial class FilesLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "path {Path}: playing file {File} ({Tracks}), loop {Loop}")]
    public static partial void Opened(ILogger logger, string path, string file, string tracks, bool loop);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "path {Path}: file {File} cannot be played: {Reason}")]
    public static partial void Unplayable(ILogger logger, string path, string file, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "path {Path}: file {File} ended after {Seconds:0.###}s")]
    public static partial void Ended(ILogger logger, string path, string file, double seconds);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "path {Path}: file {File} starts again (loop {Pass}, {Offset:0.###}s in)")]
    public static partial void Looped(ILogger logger, string path, string file, int pass, double offset);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "path {Path}: file {File} is damaged at {Seconds:0.###}s: {Reason}")]
    public static partial void Damaged(ILogger logger, string path, string file, double seconds, string reason);
}
