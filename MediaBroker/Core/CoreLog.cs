using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

internal static partial class CoreLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Reader} is too slow, discarding {Count} frames")]
    public static partial void ReaderTooSlow(ILogger logger, string reader, long count);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "[path {Path}] created (conf '{ConfName}')")]
    public static partial void PathCreated(ILogger logger, string path, string confName);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "[path {Path}] removed: {Reason}")]
    public static partial void PathRemoved(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "[path {Path}] stream is ready from {SourceType}, {TrackCount} track(s) ({Tracks})")]
    public static partial void StreamReady(ILogger logger, string path, string sourceType, int trackCount, string tracks);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "[path {Path}] stream is not ready")]
    public static partial void StreamNotReady(ILogger logger, string path);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "[path {Path}] {ApiType} {Id} was replaced by a new publisher")]
    public static partial void PublisherOverridden(ILogger logger, string path, string apiType, Guid id);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "[path {Path}] reader {ApiType} {Id} added")]
    public static partial void ReaderAdded(ILogger logger, string path, string apiType, Guid id);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "[path {Path}] reader {ApiType} {Id} removed")]
    public static partial void ReaderRemoved(ILogger logger, string path, string apiType, Guid id);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "[path {Path}] starting on-demand source")]
    public static partial void OnDemandStarting(ILogger logger, string path);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "[path {Path}] stopping on-demand source: no readers left")]
    public static partial void OnDemandStopping(ILogger logger, string path);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "[path {Path}] no source implementation handles '{Url}'")]
    public static partial void NoSourceFactory(ILogger logger, string path, string url);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "[path {Path}] source failed: {Reason}")]
    public static partial void SourceFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "[path {Path}] configuration updated in place")]
    public static partial void PathConfUpdated(ILogger logger, string path);

    // Cluster pulls are decided in the core; their events use the cluster's EventId range (2600-2639).
    [LoggerMessage(EventId = 2630, Level = LogLevel.Information, Message = "[path {Path}] pulling from cluster node {Node}")]
    public static partial void ClusterPullStarting(ILogger logger, string path, string node);

    [LoggerMessage(EventId = 2631, Level = LogLevel.Information, Message = "[path {Path}] pull from cluster node {Node} ended: no node has the path any more")]
    public static partial void ClusterPullEnded(ILogger logger, string path, string node);

    [LoggerMessage(EventId = 2632, Level = LogLevel.Information, Message = "[path {Path}] a local publisher replaces the pull from cluster node {Node}")]
    public static partial void ClusterPullReplaced(ILogger logger, string path, string node);
}
