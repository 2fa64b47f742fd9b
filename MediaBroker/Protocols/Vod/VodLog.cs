using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Vod;

/// <summary>Log events of the VOD outputs (1220-1222 and 1240-1279).</summary>
internal static partial class VodLog
{
    [LoggerMessage(EventId = 1220, Level = LogLevel.Debug, Message = "[VOD] {RemoteAddr} {Resource} of path {Path} ({File})")]
    public static partial void Serving(ILogger logger, string remoteAddr, string resource, string path, string file);

    [LoggerMessage(EventId = 1221, Level = LogLevel.Warning, Message = "[VOD] {RemoteAddr} path {Path}: file {File} cannot be served: {Reason}")]
    public static partial void Unplayable(ILogger logger, string remoteAddr, string path, string file, string reason);

    [LoggerMessage(EventId = 1222, Level = LogLevel.Information, Message = "[VOD] {RemoteAddr} refused on path {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, string remoteAddr, string path, string reason);

    [LoggerMessage(EventId = 1240, Level = LogLevel.Warning, Message = "[VOD] {RemoteAddr} path {Path}: file {File} cannot be served as DASH: {Reason}")]
    public static partial void NoDash(ILogger logger, string remoteAddr, string path, string file, string reason);
}
