using System.Net;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp;

internal static partial class RtspLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Kind} listener opened on {EndPoint}")]
    public static partial void Listening(ILogger logger, string kind, EndPoint endPoint);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "[conn {RemoteEndPoint}] opened")]
    public static partial void ConnOpened(ILogger logger, IPEndPoint remoteEndPoint);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "[conn {RemoteEndPoint}] closed: {Reason}")]
    public static partial void ConnClosed(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "[conn {RemoteEndPoint}] {Request} -> {Status}")]
    public static partial void Request(ILogger logger, IPEndPoint remoteEndPoint, string request, int status);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "[session {SessionId}] created by {RemoteEndPoint}")]
    public static partial void SessionCreated(ILogger logger, string sessionId, IPEndPoint remoteEndPoint);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "[session {SessionId}] is publishing to path '{Path}', {TrackCount} track(s) over {Transport}")]
    public static partial void Publishing(ILogger logger, string sessionId, string path, int trackCount, string transport);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "[session {SessionId}] is reading from path '{Path}', {TrackCount} track(s) over {Transport}")]
    public static partial void Reading(ILogger logger, string sessionId, string path, int trackCount, string transport);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "[session {SessionId}] destroyed: {Reason}")]
    public static partial void SessionClosed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "[conn {RemoteEndPoint}] {Request} refused: {Status} {Reason}")]
    public static partial void Refused(ILogger logger, IPEndPoint remoteEndPoint, string request, int status, string reason);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "[conn {RemoteEndPoint}] malformed input: {Reason}")]
    public static partial void Malformed(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "UDP receive on {EndPoint} failed: {Error}")]
    public static partial void UdpReceiveFailed(ILogger logger, EndPoint endPoint, string error);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "[session {SessionId}] RTP packet in error: {Reason}")]
    public static partial void PacketInError(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "multicast is not available: {Reason}")]
    public static partial void MulticastUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "[source {Url}] ready: {TrackCount} track(s) over {Transport}")]
    public static partial void SourceReady(ILogger logger, string url, int trackCount, string transport);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "[source {Url}] UDP gave no packets, switching to TCP")]
    public static partial void SourceTcpFallback(ILogger logger, string url);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning,
        Message = "[source {Url}] dropping UDP packets from {From}, not the announced server port (set rtspAnyPort to accept them)")]
    public static partial void SourceWrongPort(ILogger logger, string url, EndPoint from);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "[push {Url}] recording {TrackCount} track(s) over {Transport}")]
    public static partial void PushRecording(ILogger logger, string url, int trackCount, string transport);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Debug, Message = "[push {Url}] keep-alive answered {Status} {Reason}")]
    public static partial void PushKeepAliveAnswer(ILogger logger, string url, int status, string? reason);

    [LoggerMessage(EventId = 1910, Level = LogLevel.Information, Message = "{Name}: MPEG-TS demuxed into {TrackCount} track(s) ({Codecs})")]
    public static partial void MpegTsDemuxed(ILogger logger, string name, int trackCount, string codecs);
}
