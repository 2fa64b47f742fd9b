using MediaBroker.Core;

namespace MediaBroker.Hosting;

/// <summary>Hands every path event to each listener (the hooks, then the triggers), in order.</summary>
internal sealed class PathEventsFanout(params IPathEvents[] listeners) : IPathEvents
{
    public void PathCreated(MediaPath path)
    {
        foreach (var l in listeners) l.PathCreated(path);
    }

    public void PathClosed(MediaPath path)
    {
        foreach (var l in listeners) l.PathClosed(path);
    }

    public void PathReady(MediaPath path, IPathPublisher source, string query)
    {
        foreach (var l in listeners) l.PathReady(path, source, query);
    }

    public void PathNotReady(MediaPath path)
    {
        foreach (var l in listeners) l.PathNotReady(path);
    }

    public void ReaderAdded(MediaPath path, IPathReader reader, string query)
    {
        foreach (var l in listeners) l.ReaderAdded(path, reader, query);
    }

    public void ReaderRemoved(MediaPath path, IPathReader reader)
    {
        foreach (var l in listeners) l.ReaderRemoved(path, reader);
    }

    public void DemandStarted(MediaPath path, string query)
    {
        foreach (var l in listeners) l.DemandStarted(path, query);
    }

    public void DemandStopped(MediaPath path, string query)
    {
        foreach (var l in listeners) l.DemandStopped(path, query);
    }
}
