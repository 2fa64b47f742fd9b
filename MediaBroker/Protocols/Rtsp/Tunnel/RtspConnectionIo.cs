using System.IO.Pipelines;
using System.Net;
using MediaBroker.Net.Tcp;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>
/// The byte streams an RTSP connection reads requests from and writes responses to: the TCP connection itself, or
/// the ends of a tunnel. <see cref="Primary"/> is the TCP connection that owns the RTSP connection (the GET of an
/// HTTP tunnel, the upgraded WebSocket); aborting it ends the whole tunnel.
/// </summary>
internal sealed class RtspConnectionIo(TcpConnection primary, RtspTunnel tunnel, PipeReader input, PipeWriter output)
{
    public static RtspConnectionIo Direct(TcpConnection tcp) => new(tcp, RtspTunnel.None, tcp.Input, tcp.Output);

    public TcpConnection Primary => primary;

    public RtspTunnel Tunnel => tunnel;

    public PipeReader Input => input;

    public PipeWriter Output => output;

    public Guid Id => primary.Id;

    public DateTime Created => primary.Created;

    public IPEndPoint RemoteEndPoint => primary.RemoteEndPoint;

    public bool IsTls => primary.IsTls;

    public string? AbortReason => primary.AbortReason;

    /// <summary>
    /// Flushes <see cref="Output"/>. Written straight to the socket, the TCP connection's write timeout applies;
    /// into a tunnel's framing pipe, the pipe's back-pressure does, and the framing pump's own flush has the timeout.
    /// </summary>
    public ValueTask<FlushResult> FlushAsync(CancellationToken ct) =>
        ReferenceEquals(output, primary.Output) ? primary.FlushAsync(ct) : output.FlushAsync(ct);

    public void Abort(string reason) => primary.Abort(reason);
}
