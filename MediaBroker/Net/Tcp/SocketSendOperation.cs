using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace MediaBroker.Net.Tcp;

/// <summary>
/// One reusable send on a socket: a single buffer or a gather list, awaited without allocating.
/// A stream socket's send completes only when every byte is written (or fails), so callers never loop.
/// </summary>
internal sealed class SocketSendOperation : SocketAsyncEventArgs, IValueTaskSource<int>
{
    private ManualResetValueTaskSourceCore<int> _source;

    public SocketSendOperation()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
        _source.RunContinuationsAsynchronously = true;
    }

    /// <summary>Starts sending what <see cref="SocketAsyncEventArgs.SetBuffer(Memory{byte})"/> or BufferList holds.</summary>
    public ValueTask<int> SendAsync(Socket socket)
    {
        _source.Reset();
        if (socket.SendAsync(this))
        {
            return new ValueTask<int>(this, _source.Version);
        }

        return SocketError == SocketError.Success
            ? new ValueTask<int>(BytesTransferred)
            : ValueTask.FromException<int>(new SocketException((int)SocketError));
    }

    public int GetResult(short token) => _source.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);

    protected override void OnCompleted(SocketAsyncEventArgs e)
    {
        if (SocketError == SocketError.Success)
        {
            _source.SetResult(BytesTransferred);
        }
        else
        {
            _source.SetException(new SocketException((int)SocketError));
        }
    }
}
