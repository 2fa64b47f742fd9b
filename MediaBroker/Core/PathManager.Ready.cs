namespace MediaBroker.Core;

public sealed partial class PathManager
{
    /// <summary>
    /// A stream became readable (raised after <see cref="IPathEvents.PathReady"/>, outside any path lock). For
    /// in-process listeners that are not hooks, such as <c>hlsAlwaysRemux</c>; handlers return quickly.
    /// </summary>
    public event Action<MediaPath>? StreamReady;

    /// <summary>
    /// A running path took a new conf in place (only hot keys changed: record*, forward, runOnRecordSegment*), raised
    /// outside any lock after <see cref="ApplyConf"/>. For in-process listeners such as the recorder.
    /// </summary>
    public event Action<MediaPath>? ConfUpdated;

    internal void OnConfUpdated(IEnumerable<MediaPath> paths)
    {
        foreach (var path in paths)
        {
            ConfUpdated?.Invoke(path);
        }
    }

    /// <summary>An always-available path's stream exists (with its offline media): in-process listeners, no hooks.</summary>
    internal void OnStreamReady(MediaPath path) => StreamReady?.Invoke(path);

    internal void OnPathReady(MediaPath path, IPathPublisher source, string query)
    {
        Events?.PathReady(path, source, query);
        StreamReady?.Invoke(path);
    }
}
