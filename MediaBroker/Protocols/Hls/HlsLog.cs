using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Hls;

internal static partial class HlsLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "[muxer {Path}] created ({Variant}, {Tracks})")]
    public static partial void MuxerCreated(ILogger logger, string path, string variant, string tracks);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "[muxer {Path}] destroyed: {Reason}")]
    public static partial void MuxerClosed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "[muxer {Path}] the stream has no track that the {Variant} variant can carry (supported: {Supported}); it has {Tracks}")]
    public static partial void NoSupportedTrack(ILogger logger, string path, string variant, string supported, string tracks);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "[muxer {Path}] segment reached hlsSegmentMaxSize ({Max} bytes): cutting it early")]
    public static partial void SegmentTooBig(ILogger logger, string path, long max);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "[muxer {Path}] track {Track} ({Codec}) cannot be described in fMP4: skipped")]
    public static partial void TrackUnsupported(ILogger logger, string path, int track, string codec);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "[session {SessionId}] opened by {RemoteIp} on path {Path}")]
    public static partial void SessionOpened(ILogger logger, Guid sessionId, string remoteIp, string path);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Debug, Message = "[session {SessionId}] closed: {Reason}")]
    public static partial void SessionClosed(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "[conn {RemoteIp}] {Path}: {Status} {Message}")]
    public static partial void RequestRefused(ILogger logger, string remoteIp, string path, int status, string message);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "[muxer {Path}] failed: {Reason}")]
    public static partial void MuxerFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "[muxer {Path}] cannot write to hlsDirectory {Folder}: {Reason} (viewers are still served from memory)")]
    public static partial void DirectoryFailed(ILogger logger, string path, string folder, string reason);

    [LoggerMessage(EventId = 6520, Level = LogLevel.Warning, Message = "[muxer {Path}] DASH: cannot take track {Track} out of segment {Msn}: {Reason}")]
    public static partial void DashSplitFailed(ILogger logger, string path, long track, long msn, string reason);
}
