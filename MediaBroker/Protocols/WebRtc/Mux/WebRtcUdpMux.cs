using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MediaBroker.Net;
using MediaBroker.Net.Dump;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Stun;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.WebRtc.Mux;

/// <summary>
/// One UDP port for every WebRTC session (MediaMTX's webrtcLocalUDPAddress). A datagram from a known
/// remote address goes to its session; from an unknown address only a STUN Binding request is
/// considered, routed by the USERNAME's local ufrag, and once it authenticates the address is bound to
/// that session. DTLS and SRTP from addresses that never passed a check are dropped (RFC 8445 §7.3,
/// and BouncyCastle's DTLS server has no cookie exchange, so this is the amplification guard).
/// </summary>
internal sealed partial class WebRtcUdpMux : IAsyncDisposable
{
    private const int ReceiveBufferSize = 2048;

    private readonly ConcurrentDictionary<SocketAddress, (IWebRtcPeer Peer, UdpTransportPath Path)> _byAddress = new();
    private readonly WebRtcPeerDirectory _directory;
    private readonly ILogger _logger;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly PacketDumpFile? _dump;
    private Task? _loop;

    /// <param name="receiveBufferSize">udpReadBufferSize: SO_RCVBUF in bytes; 0 keeps the system default.</param>
    /// <param name="dumpPackets">dumpPackets: every datagram of the socket goes to a pcapng file in the working directory.</param>
    public WebRtcUdpMux(IPEndPoint endPoint, WebRtcPeerDirectory directory, ILogger logger, int receiveBufferSize = 0, bool dumpPackets = false)
    {
        _directory = directory;
        _logger = logger;
        // Many viewers share this socket: the send side gets room for bursts (key frames times viewers); the receive
        // side (publishers, RTCP, STUN) is udpReadBufferSize.
        _socket = SocketBinding.BindUdp(endPoint, receiveBufferSize, sendBufferSize: 4 * 1024 * 1024);
        BoundEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _dump = dumpPackets ? PacketDumpFile.OpenUdp(Environment.CurrentDirectory, "webrtc_server_udp", logger) : null;
        _directory.PeerRemoved += Forget;
    }

    public IPEndPoint BoundEndPoint { get; }

    public void Start() => _loop = Task.Run(() => ReceiveLoopAsync(_stopping.Token));

    /// <summary>Forgets every address bound to a session that left.</summary>
    private void Forget(IWebRtcPeer peer)
    {
        foreach (var (address, entry) in _byAddress)
        {
            if (ReferenceEquals(entry.Peer, peer))
            {
                _byAddress.TryRemove(address, out _);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _directory.PeerRemoved -= Forget;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
        if (_dump is not null)
        {
            await _dump.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = GC.AllocateArray<byte>(ReceiveBufferSize, pinned: true);
        var response = new byte[StunMessageBuilder.MaxLength];
        var address = new SocketAddress(_socket.AddressFamily);
        while (!ct.IsCancellationRequested)
        {
            int n;
            try
            {
                n = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, address, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // ICMP errors of earlier sends surface here on some platforms; the socket stays usable.
                WebRtcLog.ReceiveError(_logger, ex);
                continue;
            }

            _dump?.Datagram(WebRtcTransportPath.Normalize((IPEndPoint)BoundEndPoint.Create(address)), BoundEndPoint, buffer.AsSpan(0, n));
            try
            {
                Route(buffer.AsMemory(0, n), address, response);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Whatever one datagram does, the port keeps serving every other session.
                WebRtcLog.ReceiveError(_logger, ex);
            }
        }
    }

    private void Route(Memory<byte> packet, SocketAddress address, byte[] response)
    {
        var kind = PacketClassifier.Classify(packet.Span);
        if (_byAddress.TryGetValue(address, out var bound))
        {
            if (kind == PacketKind.Stun)
            {
                HandleStun(packet.Span, address, bound.Peer, response);
            }
            else if (kind != PacketKind.Unknown)
            {
                Dispatch(bound.Peer, kind, packet, bound.Path);
            }
        }
        else if (kind == PacketKind.Stun)
        {
            HandleStun(packet.Span, address, null, response);
        }
    }

    private void HandleStun(ReadOnlySpan<byte> datagram, SocketAddress address, IWebRtcPeer? peer, byte[] response)
    {
        StunMessage? message;
        try
        {
            if (!StunMessage.TryParse(datagram, out message))
            {
                return;
            }

            if (!message.IsBindingRequest)
            {
                CompleteServerQuery(message); // a STUN server's answer to gathering, or nothing we asked for
                return;
            }
        }
        catch (StunProtocolException)
        {
            return; // malformed STUN from anyone: never worth an answer
        }

        if (peer is null)
        {
            if (!IceLiteAgent.TryGetLocalUfrag(message, out var ufrag) || !_directory.TryGet(ufrag, out peer))
            {
                return; // Unknown session: stay silent rather than confirm the port to scanners.
            }
        }

        var remote = WebRtcTransportPath.Normalize((IPEndPoint)BoundEndPoint.Create(address));
        IceCheckResult result;
        try
        {
            result = peer.Ice.HandleBindingRequest(message, remote, response);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or StunProtocolException)
        {
            WebRtcLog.ReceiveError(_logger, ex);
            return;
        }

        if (result.ResponseLength > 0)
        {
            try
            {
                _socket.SendTo(response.AsSpan(0, result.ResponseLength), SocketFlags.None, address);
                _dump?.Datagram(BoundEndPoint, remote, response.AsSpan(0, result.ResponseLength));
            }
            catch (SocketException ex)
            {
                WebRtcLog.ReceiveError(_logger, ex);
            }
        }

        if (result.Status != IceCheckStatus.Success)
        {
            WebRtcLog.IceCheck(_logger, remote, result.Status);
            return;
        }

        if (!_byAddress.TryGetValue(address, out var entry))
        {
            // The receive loop reuses its SocketAddress: the key must be a copy.
            var key = new SocketAddress(address.Family, address.Size);
            address.Buffer.CopyTo(key.Buffer);
            entry = (peer, new UdpTransportPath(_socket, key, BoundEndPoint, remote, _dump));
            _byAddress[key] = entry;
        }

        peer.OnCheckSucceeded(entry.Path, result.Nominated);
    }

    private void Dispatch(IWebRtcPeer peer, PacketKind kind, Memory<byte> packet, WebRtcTransportPath path)
    {
        try
        {
            peer.OnPacket(kind, packet, path);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One session's bug must not stop the port for every other session.
            WebRtcLog.ReceiveError(_logger, ex);
        }
    }
}
