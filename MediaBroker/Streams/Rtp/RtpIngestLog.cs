using Microsoft.Extensions.Logging;

namespace MediaBroker.Streams.Rtp;

/// <summary>Log events of RTP ingest shared by RTSP and WebRTC (19xx).</summary>
internal static partial class RtpIngestLog
{
    [LoggerMessage(EventId = 1900, Level = LogLevel.Warning, Message = "{Name}: received RTP without absolute time (no RTCP sender report yet), skipping it (useAbsoluteTimestamp is on)")]
    public static partial void UnitWithoutAbsoluteTime(ILogger logger, string name);
}
