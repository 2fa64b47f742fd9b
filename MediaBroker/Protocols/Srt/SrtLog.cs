using System.Net;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Srt;

/// <summary>SRT log events (5xxx).</summary>
internal static partial class SrtLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "SRT is disabled: {Error}. {Hint}")]
    public static partial void LibraryMissing(ILogger logger, string error, string hint);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "libsrt {Version} loaded")]
    public static partial void LibraryLoaded(ILogger logger, string version);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "SRT listener opened on {EndPoint} (UDP)")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "epoll wait failed: {Error}")]
    public static partial void PollFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "SRT poll handler failed")]
    public static partial void PollTargetFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "[conn {RemoteEndPoint}] rejected ({Code}): {Reason}")]
    public static partial void Rejected(ILogger logger, IPEndPoint? remoteEndPoint, int code, string reason);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Debug, Message = "opened by {RemoteEndPoint}, stream id '{StreamId}'")]
    public static partial void Opened(ILogger logger, IPEndPoint? remoteEndPoint, string streamId);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "closed ({RemoteEndPoint}): {Reason}")]
    public static partial void Closed(ILogger logger, IPEndPoint? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "{RemoteEndPoint} is publishing to path '{Path}'")]
    public static partial void Publishing(ILogger logger, IPEndPoint? remoteEndPoint, string path);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "{RemoteEndPoint} is reading from path '{Path}', {Tracks} tracks")]
    public static partial void Reading(ILogger logger, IPEndPoint? remoteEndPoint, string path, int tracks);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Error, Message = "session of {RemoteEndPoint} failed")]
    public static partial void SessionCrashed(ILogger logger, IPEndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Warning, Message = "accept failed: {Error}")]
    public static partial void AcceptFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "[source {Url}] connected, stream id '{StreamId}'")]
    public static partial void SourceConnected(ILogger logger, string url, string streamId);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Information, Message = "[push srt://{Host}:{Port}] connected, sending {TrackCount} track(s) as MPEG-TS")]
    public static partial void PushConnected(ILogger logger, string host, int port, int trackCount);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Warning, Message = "[path {Path}] SRT push: MPEG-TS cannot carry {Codecs}, sending the other tracks without them")]
    public static partial void PushTracksLeftOut(ILogger logger, string path, string codecs);
}
