using System.IO.Pipelines;
using System.Net;

namespace MediaBroker.Net.Tcp;

/// <summary>An accepted client connection, TLS already terminated and any PROXY protocol header consumed.</summary>
public sealed class TcpConnection
{
    private readonly CancellationTokenSource _closed;
    private readonly TimeSpan _writeTimeout;

    internal TcpConnection(IPEndPoint remote, IPEndPoint local, bool isTls, PipeReader input, PipeWriter output, CancellationTokenSource closed, TimeSpan writeTimeout)
    {
        _writeTimeout = writeTimeout;
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
