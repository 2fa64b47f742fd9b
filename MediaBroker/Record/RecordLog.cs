using Microsoft.Extensions.Logging;

namespace MediaBroker.Record;

internal static partial class RecordLog
{
    [LoggerMessage(EventId = 9651, Level = LogLevel.Information, Message = "[{Path}] deleted segment {File} (older than {DeleteAfter})")]
    public static partial void SegmentDeleted(ILogger logger, string path, string file, TimeSpan deleteAfter);

    [LoggerMessage(EventId = 9652, Level = LogLevel.Warning, Message = "cannot delete {File}: {Reason}")]
    public static partial void DeleteFailed(ILogger logger, string file, string reason);
}
