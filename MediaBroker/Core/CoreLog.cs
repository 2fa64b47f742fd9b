using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

internal static partial class CoreLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Reader} is too slow, discarding {Count} frames")]
    public static partial void ReaderTooSlow(ILogger logger, string reader, long count);
}
