using Microsoft.Extensions.Logging;

namespace MediaBroker.Cluster;

internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 2600, Level = LogLevel.Information, Message = "cluster: node {Node} joining through {Redis}, reachable at {Advertise}")]
    public static partial void Joining(ILogger logger, string node, string redis, string advertise);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "cluster: the directory is unreachable ({Reason}); serving local paths only, retrying")]
    public static partial void DirectoryDown(ILogger logger, string reason);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Information, Message = "cluster: the directory is reachable again; {Paths} paths registered")]
    public static partial void DirectoryBack(ILogger logger, int paths);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Information, Message = "cluster: path {Path} registered")]
    public static partial void PathRegistered(ILogger logger, string path);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Information, Message = "cluster: path {Path} released")]
    public static partial void PathReleased(ILogger logger, string path);

    [LoggerMessage(EventId = 2605, Level = LogLevel.Warning, Message = "cluster: node {Owner} took over path {Path}; the local publisher is kicked")]
    public static partial void PathLost(ILogger logger, string path, string owner);

    [LoggerMessage(EventId = 2606, Level = LogLevel.Information, Message = "cluster: path {Path} is published on node {Owner}; the publish here is refused (overridePublisher is off)")]
    public static partial void ClaimRefused(ILogger logger, string path, string owner);

    [LoggerMessage(EventId = 2607, Level = LogLevel.Warning, Message = "cluster: no RTSP listener; other nodes cannot pull paths from this node")]
    public static partial void NoRtspListener(ILogger logger);

    [LoggerMessage(EventId = 2640, Level = LogLevel.Information, Message = "cluster: a new {Endpoint} reader of path {Path} is redirected to node {Node}")]
    public static partial void ReaderRedirected(ILogger logger, string path, string endpoint, string node);

    [LoggerMessage(EventId = 2608, Level = LogLevel.Information, Message = "cluster: node {Node} left the directory")]
    public static partial void Left(ILogger logger, string node);
}
