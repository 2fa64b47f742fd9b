namespace MediaBroker.Core;

/// <summary>A reader's registration on a path, for the stream that was live when it joined.</summary>
public sealed class ReaderLease : IDisposable
{
    private int _disposed;

    internal ReaderLease(MediaPath path, MediaStream stream, IPathReader reader)
    {
        Path = path;
        Stream = stream;
        Reader = reader;
    }

    public MediaPath Path { get; }

    public MediaStream Stream { get; }

    public IPathReader Reader { get; }

    /// <summary>
    /// Queue options for a TCP writer that sends what its queue holds in one gathered send: the stream's options plus
    /// the path's <c>readerBatchDuration</c> as it is now (a reload applies to readers that join afterwards).
    /// </summary>
    public ReaderQueueOptions BatchedReaderOptions(string readerName) =>
        Stream.ReaderOptions(readerName) with { Batch = ReaderBatch.Of(Path.Conf) };

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Path.RemoveReader(this);
        }
    }
}
