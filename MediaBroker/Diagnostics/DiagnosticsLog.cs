using Microsoft.Extensions.Logging;

namespace MediaBroker.Diagnostics;

internal static partial class DiagnosticsLog
{
    [LoggerMessage(EventId = 9702, Level = LogLevel.Information, Message = "{Kind} trace of {Seconds} s requested by {Remote}")]
    public static partial void TraceStarted(ILogger logger, string kind, int seconds, string remote);

    [LoggerMessage(EventId = 9703, Level = LogLevel.Warning, Message = "{Kind} failed: {Reason}")]
    public static partial void Failed(ILogger logger, string kind, string reason);

    [LoggerMessage(EventId = 9704, Level = LogLevel.Information, Message = "{Type} dump requested by {Remote}")]
    public static partial void DumpStarted(ILogger logger, string type, string remote);
}
