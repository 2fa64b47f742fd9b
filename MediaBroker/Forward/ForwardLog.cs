using Microsoft.Extensions.Logging;

namespace MediaBroker.Forward;

internal static partial class ForwardLog
{
    [LoggerMessage(EventId = 1740, Level = LogLevel.Information, Message = "[push {Path} -> {Dest}] started")]
    public static partial void Started(ILogger logger, string path, string dest);

    [LoggerMessage(EventId = 1741, Level = LogLevel.Information, Message = "[push {Path} -> {Dest}] forwarding ({Protocol})")]
    public static partial void Forwarding(ILogger logger, string path, string dest, string protocol);

    [LoggerMessage(EventId = 1742, Level = LogLevel.Warning, Message = "[push {Path} -> {Dest}] {Error}; retrying with back-off")]
    public static partial void Failed(ILogger logger, string path, string dest, string error);

    [LoggerMessage(EventId = 1743, Level = LogLevel.Debug, Message = "[push {Path} -> {Dest}] {Error}; next attempt in {Delay}")]
    public static partial void Retrying(ILogger logger, string path, string dest, string error, TimeSpan delay);

    [LoggerMessage(EventId = 1744, Level = LogLevel.Information, Message = "[push {Path} -> {Dest}] stopped: {Reason}")]
    public static partial void Stopped(ILogger logger, string path, string dest, string reason);

    [LoggerMessage(EventId = 1745, Level = LogLevel.Debug, Message = "[push {Path} -> {Dest}] attempt cancelled by a push event handler")]
    public static partial void AttemptCancelled(ILogger logger, string path, string dest);

    [LoggerMessage(EventId = 1746, Level = LogLevel.Error, Message = "[push {Path} -> {Dest}] a push event handler failed: {Error}")]
    public static partial void EventFailed(ILogger logger, string path, string dest, string error);
}
