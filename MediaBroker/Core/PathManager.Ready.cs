namespace MediaBroker.Core;

public sealed partial class PathManager
{
    /// <summary>
    /// A stream became readable (raised after <see cref="IPathEvents.PathReady"/>, outside any path lock). For
    /// in-process listeners that are not hooks, such as <c>hlsAlwaysRemux</c>; handlers return quickly.
    /// </summary>
    public event Action<MediaPath>? StreamReady;

    internal void OnPathReady(MediaPath path, IPathPublisher source, string query)
    {
        Events?.PathReady(path, source, query);
        StreamReady?.Invoke(path);
    }
}
