using System.IO.Pipelines;
using System.Net;

namespace MediaBroker.Net.Tcp;

/// <summary>An accepted client connection, TLS already terminated and any PROXY protocol header consumed.</summary>
public sealed class TcpConnection
{
    private readonly CancellationTokenSource _closed;
    private readonly TimeSpan _writeTimeout;
    private readonly ZeroByteReadSwitch? _readSwitch;

    internal TcpConnection(
        IPEndPoint remote, IPEndPoint local, bool isTls, PipeReader input, PipeWriter output, CancellationTokenSource closed, TimeSpan writeTimeout,
        ZeroByteReadSwitch? readSwitch = null)
    {
        _writeTimeout = writeTimeout;
        _readSwitch = readSwitch;
        RemoteEndPoint = remote;
        LocalEndPoint = local;
        IsTls = isTls;
        Input = input;
        Output = output;
        _closed = closed;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public DateTime Created { get; } = DateTime.UtcNow;

    /// <summary>The real client: from the PROXY protocol header when the peer is a trusted proxy.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    public bool IsTls { get; }

    public PipeReader Input { get; }

    /// <summary>
    /// Set while the peer sends continuously (a publisher): <see cref="Input"/> then reads straight into a buffer
    /// instead of first waiting for data with a zero-byte read, one receive call less per message. Off (the default),
    /// an idle peer such as a player holds no read buffer while it waits. TLS connections always read into a buffer.
    /// </summary>
    public bool ReadsContinuously
    {
        get => _readSwitch?.SkipWaits ?? false;
        set
        {
            if (_readSwitch is not null)
            {
                _readSwitch.SkipWaits = value;
            }
        }
    }

    public PipeWriter Output { get; }

    /// <summary>Cancelled when the connection is aborted or the server stops.</summary>
    public CancellationToken Closed => _closed.Token;

    public string? AbortReason { get; private set; }

    /// <summary>
    /// Flushes <see cref="Output"/>; a flush the peer does not take within the write timeout throws
    /// <see cref="OperationCanceledException"/> while <paramref name="ct"/> is not cancelled. One caller at a time.
    /// </summary>
    public ValueTask<FlushResult> FlushAsync(CancellationToken ct)
    {
        if (Output is SocketPipeWriter)
        {
            // It arms its own timer, and only for a send that cannot complete at once.
            return Output.FlushAsync(ct);
        }

        return FlushWithTimerAsync(ct);
    }

    private async ValueTask<FlushResult> FlushWithTimerAsync(CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(_writeTimeout);
        return await Output.FlushAsync(timer.Token).ConfigureAwait(false);
    }

    public void Abort(string reason)
    {
        AbortReason ??= reason;
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
