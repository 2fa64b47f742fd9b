using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace MediaBroker.Net.Tcp;

/// <summary>
/// The output of a plain TCP connection. Writes fill pooled segments; a flush hands all of them to the kernel
/// in one gather send (sendmsg with one iovec per segment) instead of one send per segment as a stream-backed
/// writer does, and returns the segments to the pool, so an idle reader holds no buffer.
/// Like every <see cref="PipeWriter"/> it has one writer at a time.
/// </summary>
internal sealed class SocketPipeWriter : PipeWriter
{
    /// <summary>Large enough for most video frames in one segment; a pooled size class.</summary>
    private const int SegmentSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly TimeSpan _sendTimeout;
    private readonly SocketSendOperation _send = new();
    private CancellationTokenSource? _sendTimer;
    private readonly List<ArraySegment<byte>> _segments = [];
    private byte[]? _current;
    private int _currentLength;
    private long _unflushed;
    private bool _completed;
    private bool _flushing;
    private bool _cancelNextFlush;

    /// <param name="sendTimeout">How long a send may wait for the peer; the timer is armed only when a send cannot complete at once.</param>
    public SocketPipeWriter(Socket socket, TimeSpan sendTimeout)
    {
        _socket = socket;
        _sendTimeout = sendTimeout;
    }

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _unflushed;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureSpace(sizeHint);
        return _current.AsMemory(_currentLength);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureSpace(sizeHint);
        return _current.AsSpan(_currentLength);
    }

    public override void Advance(int bytes)
    {
        if (_current is null || bytes < 0 || _currentLength + bytes > _current.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes));
        }

        _currentLength += bytes;
        _unflushed += bytes;
    }

    public override void CancelPendingFlush() => _cancelNextFlush = true;

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();
        if (_cancelNextFlush)
        {
            _cancelNextFlush = false;
            return new FlushResult(isCanceled: true, isCompleted: false);
        }

        SealCurrent();
        if (_segments.Count == 0)
        {
            return default;
        }

        _flushing = true;
        try
        {
            if (_segments.Count == 1)
            {
                _send.BufferList = null;
                _send.SetBuffer(_segments[0]);
            }
            else
            {
                _send.SetBuffer(null, 0, 0);
                _send.BufferList = _segments;
            }

            var pending = _send.SendAsync(_socket);
            if (pending.IsCompleted)
            {
                await SendOrThrowAsync(pending, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SendPendingAsync(pending, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _flushing = false;
            ReturnSegments();
            if (_completed)
            {
                // Completed while the send was in flight (the connection is going away).
                _send.Dispose();
                _sendTimer?.Dispose();
            }
        }

        return default;
    }

    public override void Complete(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }

        if (!_flushing)
        {
            ReturnSegments();
            _send.Dispose();
            _sendTimer?.Dispose();
        }
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        try
        {
            if (exception is null && _unflushed > 0)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            Complete(exception);
        }
    }

    /// <summary>
    /// The peer is not taking bytes: wait, up to the send timeout. Cancellation or the timeout shuts the socket
    /// down, which fails the send; either surfaces as <see cref="OperationCanceledException"/>.
    /// </summary>
    private async ValueTask SendPendingAsync(ValueTask<int> pending, CancellationToken cancellationToken)
    {
        _sendTimer ??= new CancellationTokenSource();
        _sendTimer.CancelAfter(_sendTimeout);
        var timer = _sendTimer.Token;
        try
        {
            await using var onCancel = cancellationToken.UnsafeRegister(static s => ShutDown((Socket)s!), _socket).ConfigureAwait(false);
            await using var onTimeout = timer.UnsafeRegister(static s => ShutDown((Socket)s!), _socket).ConfigureAwait(false);
            await SendOrThrowAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (timer.IsCancellationRequested)
        {
            throw new OperationCanceledException("write timeout", timer);
        }
        finally
        {
            if (!_sendTimer.TryReset())
            {
                _sendTimer.Dispose();
                _sendTimer = null;
            }
        }
    }

    private static async ValueTask SendOrThrowAsync(ValueTask<int> pending, CancellationToken cancellationToken)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (SocketException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (SocketException ex)
        {
            // As a NetworkStream would: callers treat IOException as "the peer is gone".
            throw new IOException(ex.Message, ex);
        }
    }

    private static void ShutDown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("Writing is not allowed after the writer was completed.");
        }
    }

    private void EnsureSpace(int sizeHint)
    {
        ThrowIfCompleted();
        var needed = Math.Max(1, sizeHint);
        if (_current is not null && _current.Length - _currentLength >= needed)
        {
            return;
        }

        SealCurrent();
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(SegmentSize, needed));
        _currentLength = 0;
    }

    /// <summary>Moves the segment being filled to the send list (or back to the pool when empty).</summary>
    private void SealCurrent()
    {
        if (_current is null)
        {
            return;
        }

        if (_currentLength == 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }
        else
        {
            _segments.Add(new ArraySegment<byte>(_current, 0, _currentLength));
        }

        _current = null;
        _currentLength = 0;
    }

    private void ReturnSegments()
    {
        foreach (var segment in _segments)
        {
            ArrayPool<byte>.Shared.Return(segment.Array!);
        }

        _segments.Clear();
        _unflushed = 0;
        if (!_completed)
        {
            _send.BufferList = null;
            _send.SetBuffer(null, 0, 0);
        }
    }
}
