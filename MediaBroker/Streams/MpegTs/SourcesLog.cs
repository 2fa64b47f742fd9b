using Microsoft.Extensions.Logging;
using MediaBroker.Formats.MpegTs;

namespace MediaBroker.Streams.MpegTs;

/// <summary>Log events shared by ingest code (55xx, next to SRT's 5xxx).</summary>
internal static partial class SourcesLog
{
    [LoggerMessage(EventId = 5501, Level = LogLevel.Warning, Message = "{Name}: {Count} MPEG-TS errors in the last second (totals: continuity {Continuity}, PES {Pes}, transport {Transport}, sync {Sync})")]
    public static partial void MpegTsErrors(ILogger logger, string name, long count, long continuity, long pes, long transport, long sync);
}
