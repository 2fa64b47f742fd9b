namespace MediaBroker.Bench;

/// <summary>
/// Reads from an inner stream at no more than a fixed average rate (a token bucket with a 100 ms burst): a player on a
/// link or CPU too slow for the stream. Read-only; writes go to the inner stream directly.
/// </summary>
internal sealed class ThrottledStream(Stream inner, double bytesPerSecond) : Stream
{
    private static readonly TimeSpan Burst = TimeSpan.FromMilliseconds(100);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private long _consumed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // Tokens earned so far, less those spent; an idle reader saves up at most one burst.
            var earned = (long)(_clock.Elapsed.TotalSeconds * bytesPerSecond);
            _consumed = Math.Max(_consumed, earned - (long)(Burst.TotalSeconds * bytesPerSecond));
            var allowed = earned - _consumed;
            if (allowed >= Math.Min(buffer.Length, 1024))
            {
                var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, allowed)], cancellationToken);
                _consumed += n;
                return n;
            }

            await Task.Delay(TimeSpan.FromSeconds((Math.Min(buffer.Length, 1024) - allowed) / bytesPerSecond), cancellationToken);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous reads only");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
