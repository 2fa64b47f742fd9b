using Microsoft.Extensions.Logging;

namespace MediaBroker.Triggers;

internal static partial class TriggersLog
{
    [LoggerMessage(EventId = 9801, Level = LogLevel.Warning, Message = "trigger {Trigger}: handler '{Handler}' failed ({Reason}); using the default response '{Default}'")]
    public static partial void HandlerFailed(ILogger logger, string trigger, string handler, string reason, string @default);

    [LoggerMessage(EventId = 9802, Level = LogLevel.Warning, Message = "trigger {Trigger}: {Count} non-blocking handlers are already running; this one is skipped")]
    public static partial void Dropped(ILogger logger, string trigger, int count);

    [LoggerMessage(EventId = 9803, Level = LogLevel.Information, Message = "trigger {Trigger} refused {What} on path '{Path}' from {RemoteIp}")]
    public static partial void Refused(ILogger logger, string trigger, string what, string path, string remoteIp);

    [LoggerMessage(EventId = 9804, Level = LogLevel.Information, Message = "trigger {Trigger} renamed the publish to '{Path}' into '{NewPath}'")]
    public static partial void Renamed(ILogger logger, string trigger, string path, string newPath);

    [LoggerMessage(EventId = 9805, Level = LogLevel.Warning, Message = "trigger SYSTEM_START answered negatively: the server shuts down")]
    public static partial void StartRefused(ILogger logger);

    [LoggerMessage(EventId = 9806, Level = LogLevel.Warning, Message = "trigger SYSTEM_STOP answered negatively, but a shutdown cannot be aborted here")]
    public static partial void StopRefused(ILogger logger);

    [LoggerMessage(EventId = 9807, Level = LogLevel.Information, Message = "trigger STREAM_READY refused the stream of path '{Path}': its publisher is closed")]
    public static partial void ReadyRefused(ILogger logger, string path);

    [LoggerMessage(EventId = 9808, Level = LogLevel.Information, Message = "trigger PUSH_OUT_START: push of '{Path}' to '{Target}' {Outcome}")]
    public static partial void PushStart(ILogger logger, string path, string target, string outcome);
}
