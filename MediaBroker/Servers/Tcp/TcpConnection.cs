using System.IO.Pipelines;
using System.Net;

namespace MediaBroker.Servers.Tcp;

/// <summary>An accepted client connection, TLS already terminated and any PROXY protocol header consumed.</summary>
public sealed class TcpConnection
{
    private readonly CancellationTokenSource _closed;

    internal TcpConnection(IPEndPoint remote, IPEndPoint local, bool isTls, PipeReader input, PipeWriter output, CancellationTokenSource closed)
    {
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
