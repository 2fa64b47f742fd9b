using Microsoft.Extensions.Logging;

namespace MediaBroker.Hooks;

internal static partial class HooksLog
{
    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "runOn{Hook}: starting '{Command}'")]
    public static partial void Starting(ILogger logger, string hook, string command);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Information, Message = "runOn{Hook}: process exited with code {Code}")]
    public static partial void Exited(ILogger logger, string hook, int code);

    [LoggerMessage(EventId = 8203, Level = LogLevel.Information, Message = "runOn{Hook}: {Line}")]
    public static partial void Output(ILogger logger, string hook, string line);

    [LoggerMessage(EventId = 8204, Level = LogLevel.Error, Message = "runOn{Hook}: cannot start '{Command}': {Reason}")]
    public static partial void StartFailed(ILogger logger, string hook, string command, string reason);

    [LoggerMessage(EventId = 8205, Level = LogLevel.Information, Message = "runOn{Hook}: restarting in {Delay}")]
    public static partial void Restarting(ILogger logger, string hook, TimeSpan delay);

    [LoggerMessage(EventId = 8206, Level = LogLevel.Warning, Message = "runOn{Hook}: process did not stop on SIGINT, killing it")]
    public static partial void Killing(ILogger logger, string hook);
}
