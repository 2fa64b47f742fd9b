using Microsoft.Extensions.Logging;

namespace MediaBroker.Api;

internal static partial class ApiLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "listener opened on {Address} ({Scheme})")]
    public static partial void Listening(ILogger logger, string address, string scheme);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "listener closed")]
    public static partial void Closed(ILogger logger);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "configuration changed through the API ({Change})")]
    public static partial void ConfChanged(ILogger logger, string change);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "configuration change saved to {File}")]
    public static partial void ConfPersisted(ILogger logger, string file);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Error, Message = "configuration change could not be saved to {File}: {Reason}")]
    public static partial void ConfPersistFailed(ILogger logger, string file, string reason);
}
