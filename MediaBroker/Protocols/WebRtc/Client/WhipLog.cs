using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>WHIP client (push) logging; event ids 7150-7169.</summary>
internal static partial class WhipLog
{
    [LoggerMessage(EventId = 7150, Level = LogLevel.Warning, Message = "[path {Path}] WHIP push to {Url}: WebRTC cannot carry {Codecs}, sending the other tracks without them")]
    public static partial void TracksSkipped(ILogger logger, string path, string url, string codecs);

    [LoggerMessage(EventId = 7151, Level = LogLevel.Information, Message = "[path {Path}] WHIP push to {Url}: sending {Tracks}")]
    public static partial void Sending(ILogger logger, string path, string url, string tracks);

    [LoggerMessage(EventId = 7152, Level = LogLevel.Debug, Message = "[path {Path}] WHIP push: the server asked for a key frame (forwarded: {Forwarded})")]
    public static partial void KeyFrameRequested(ILogger logger, string path, bool forwarded);

    [LoggerMessage(EventId = 7153, Level = LogLevel.Debug, Message = "[path {Path}] WHIP push: deleting the session {Session} failed")]
    public static partial void DeleteFailed(ILogger logger, string path, Uri session, Exception exception);

    [LoggerMessage(EventId = 7154, Level = LogLevel.Debug, Message = "[path {Path}] WHIP push: the server accepted no section for {Codecs}")]
    public static partial void TracksRejected(ILogger logger, string path, string codecs);
}
