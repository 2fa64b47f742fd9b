using Microsoft.Extensions.Logging;

namespace MediaBroker.Push;

internal static partial class PushLog
{
    [LoggerMessage(EventId = 9840, Level = LogLevel.Information, Message = "[push {Id} {Path}] started to {Target}{Auto}")]
    public static partial void Started(ILogger logger, int id, string path, string target, string auto);

    [LoggerMessage(EventId = 9841, Level = LogLevel.Information, Message = "[push {Id} {Path}] sending to {Target}")]
    public static partial void Sending(ILogger logger, int id, string path, string target);

    [LoggerMessage(EventId = 9842, Level = LogLevel.Warning, Message = "[push {Id} {Path}] {Target} failed: {Reason}{Retry}")]
    public static partial void Failed(ILogger logger, int id, string path, string target, string reason, string retry);

    [LoggerMessage(EventId = 9843, Level = LogLevel.Information, Message = "[push {Id} {Path}] ended: {Reason}")]
    public static partial void Ended(ILogger logger, int id, string path, string reason);

    [LoggerMessage(EventId = 9844, Level = LogLevel.Error, Message = "[auto-push {Rule}] cannot push {Path} to {Target}: {Reason}")]
    public static partial void AutoPushRefused(ILogger logger, string rule, string path, string target, string reason);
}
