using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MediaBroker.Net;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Stun;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.WebRtc.Mux;

/// <summary>
/// ICE-TCP (RFC 6544, passive candidates) on webrtcLocalTCPAddress: each accepted connection carries
/// RFC 4571-framed STUN, DTLS and SRTP. The first frame must be a Binding request whose ufrag names a
/// session; once it authenticates, the connection is that session's path. For clients whose UDP is blocked.
/// </summary>
internal sealed class WebRtcTcpMux : IAsyncDisposable
{
    private const int MaxFrame = 2048;

    private readonly WebRtcPeerDirectory _directory;
    private readonly ILogger _logger;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, IWebRtcPeer?> _connections = new();
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();
    private Task? _accept;

    public WebRtcTcpMux(IPEndPoint endPoint, WebRtcPeerDirectory directory, ILogger logger)
    {
        _directory = directory;
        _logger = logger;
        _listener = SocketBinding.ListenTcp(endPoint, backlog: 128);
        BoundEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _directory.PeerRemoved += Forget;
    }

    public IPEndPoint BoundEndPoint { get; }

    public void Start() => _accept = Task.Run(() => AcceptLoopAsync(_stopping.Token));

    public async ValueTask DisposeAsync()
    {
        _directory.PeerRemoved -= Forget;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        foreach (var socket in _connections.Keys)
        {
            socket.Dispose();
        }

        if (_accept is not null)
        {
            await _accept.ConfigureAwait(false);
        }

        await Task.WhenAll(_tasks.Keys).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Forget(IWebRtcPeer peer)
    {
        foreach (var (socket, owner) in _connections)
        {
            if (ReferenceEquals(owner, peer))
            {
                socket.Dispose();
            }
        }
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                WebRtcLog.ReceiveError(_logger, ex);
                continue;
            }

            socket.NoDelay = true;
            _connections[socket] = null;
            var task = Task.Run(() => ConnectionLoopAsync(socket, ct));
            _tasks[task] = 0;
            _ = task.ContinueWith(t => _tasks.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ConnectionLoopAsync(Socket socket, CancellationToken ct)
    {
        var frames = new IceTcpFrameReader(MaxFrame);
        var response = new byte[StunMessageBuilder.MaxLength];
        var remote = WebRtcTransportPath.Normalize((IPEndPoint)socket.RemoteEndPoint!);
        IWebRtcPeer? peer = null;
        TcpTransportPath? path = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var n = await socket.ReceiveAsync(frames.GetFreeSpace(), SocketFlags.None, ct).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                frames.Advance(n);
                OperationStatus status;
                while ((status = frames.TryRead(out var frame)) == OperationStatus.Done)
                {
                    var kind = PacketClassifier.Classify(frame.Span);
                    if (kind == PacketKind.Stun)
                    {
                        (peer, path) = HandleStun(socket, frame.Span, remote, peer, path, response);
                        if (peer is null)
                        {
                            return; // a first check that names no session: close, like the UDP port stays silent
                        }
                    }
                    else if (path is not null && peer is not null && kind != PacketKind.Unknown)
                    {
                        peer.OnPacket(kind, frame, path);
                    }
                }

                if (status == OperationStatus.InvalidData)
                {
                    return; // a frame longer than any STUN, DTLS or SRTP packet we take: not ICE-TCP
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug in one session closes this connection only.
            WebRtcLog.ReceiveError(_logger, ex);
        }
        finally
        {
            _connections.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    private (IWebRtcPeer? Peer, TcpTransportPath? Path) HandleStun(Socket socket, ReadOnlySpan<byte> frame, IPEndPoint remote, IWebRtcPeer? peer, TcpTransportPath? path, byte[] response)
    {
        StunMessage? message;
        try
        {
            if (!StunMessage.TryParse(frame, out message) || !message.IsBindingRequest)
            {
                return (peer, path);
            }
        }
        catch (StunProtocolException)
        {
            return (peer, path);
        }

        if (peer is null && (!IceLiteAgent.TryGetLocalUfrag(message, out var ufrag) || !_directory.TryGet(ufrag, out peer)))
        {
            return (null, null);
        }

        var result = peer.Ice.HandleBindingRequest(message, remote, response);
        path ??= new TcpTransportPath(socket, BoundEndPoint, remote);
        if (result.ResponseLength > 0)
        {
            path.Send(response.AsSpan(0, result.ResponseLength));
        }

        if (result.Status == IceCheckStatus.Success)
        {
            _connections[socket] = peer;
            peer.OnCheckSucceeded(path, result.Nominated);
        }

        return (peer, path);
    }
}
