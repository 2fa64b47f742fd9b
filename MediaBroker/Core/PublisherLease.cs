using MediaBroker.Media;

namespace MediaBroker.Core;

/// <summary>
/// A publisher's hold on a path. Starting the stream makes the path ready; disposing the lease
/// makes it not ready and disconnects its readers.
/// </summary>
public sealed class PublisherLease : IDisposable
{
    private int _disposed;

    internal PublisherLease(MediaPath path, IPathPublisher publisher)
    {
        Path = path;
        Publisher = publisher;
    }

    public MediaPath Path { get; }

    public IPathPublisher Publisher { get; }

    /// <summary>The publisher's query string (hooks get it as MTX_QUERY).</summary>
    internal string Query { get; init; } = "";

    /// <summary>The path is ready with these tracks. Returns a closed stream if the lease was taken over meanwhile.</summary>
    public MediaStream StartStream(IReadOnlyList<Track> tracks) => Path.StartPublisherStream(this, tracks);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Path.ReleasePublisher(this);
        }
    }
}
