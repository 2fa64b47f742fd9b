namespace MediaBroker.Core;

/// <summary>
/// Path lifecycle events, for hooks (runOnInit, runOnReady, runOnRead, runOnDemand...). Called by the core outside
/// any path lock, synchronously: implementations return quickly and do slow work elsewhere.
/// </summary>
public interface IPathEvents
{
    /// <summary>The path exists (static paths at startup and reload, dynamic ones on first use): runOnInit.</summary>
    void PathCreated(MediaPath path);

    /// <summary>The path is gone (idle, conf changed or removed, shutdown).</summary>
    void PathClosed(MediaPath path);

    /// <summary>A stream became readable; <paramref name="query"/> is the publisher's query ("" for a static source).</summary>
    void PathReady(MediaPath path, IPathPublisher source, string query);

    void PathNotReady(MediaPath path);

    void ReaderAdded(MediaPath path, IPathReader reader, string query);

    void ReaderRemoved(MediaPath path, IPathReader reader);

    /// <summary>A reader waits on a publisher path with runOnDemand and no publisher; <paramref name="query"/> is that reader's.</summary>
    void DemandStarted(MediaPath path, string query);

    /// <summary>No reader is left (after runOnDemandCloseAfter) or the publisher did not come in time.</summary>
    void DemandStopped(MediaPath path, string query);
}
