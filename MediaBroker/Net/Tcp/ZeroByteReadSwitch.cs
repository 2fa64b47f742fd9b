namespace MediaBroker.Net.Tcp;

/// <summary>
/// Sits between a connection's socket stream and its pipe reader, which waits for data with a zero-byte read before it
/// rents a buffer, so that an idle peer (a player, which sends almost nothing) holds no read buffer. A peer that sends
/// continuously (a publisher) does not need the wait: with <see cref="SkipWaits"/> set, the zero-byte read completes at
/// once and the reader goes straight to the real read, saving one receive call per message.
/// </summary>
internal sealed class ZeroByteReadSwitch(Stream inner) : Stream
{
    private int _skipWaits;

    /// <summary>Whether zero-byte reads complete at once instead of waiting for data (set by the connection's protocol).</summary>
    public bool SkipWaits
    {
        get => Volatile.Read(ref _skipWaits) != 0;
        set => Volatile.Write(ref _skipWaits, value ? 1 : 0);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty && SkipWaits && !cancellationToken.IsCancellationRequested ? ValueTask.FromResult(0) : inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
