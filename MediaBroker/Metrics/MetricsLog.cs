using Microsoft.Extensions.Logging;

namespace MediaBroker.Metrics;

internal static partial class MetricsLog
{
    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "listener opened on {Address} ({Scheme})")]
    public static partial void Listening(ILogger logger, string address, string scheme);
}
