using Microsoft.Extensions.Logging;

namespace MediaBroker.Playback;

internal static partial class PlaybackLog
{
    [LoggerMessage(EventId = 9601, Level = LogLevel.Information, Message = "listener opened on {Address} ({Scheme})")]
    public static partial void Listening(ILogger logger, string address, string scheme);

    [LoggerMessage(EventId = 9602, Level = LogLevel.Information, Message = "listener closed")]
    public static partial void Closed(ILogger logger);

    [LoggerMessage(EventId = 9603, Level = LogLevel.Debug, Message = "[{Path}] serving {Duration}s from {Start} as {Format} ({Segments} segments)")]
    public static partial void Serving(ILogger logger, string path, double duration, DateTime start, string format, int segments);

    [LoggerMessage(EventId = 9604, Level = LogLevel.Warning, Message = "[{Path}] cannot read segment {File}: {Reason}")]
    public static partial void BadSegment(ILogger logger, string path, string file, string reason);
}
