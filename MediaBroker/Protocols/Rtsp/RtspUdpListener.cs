using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MediaBroker.Net;
using MediaBroker.Net.Dump;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>Receives datagrams for a session track; runs on the listener's receive loop, so keep it short.</summary>
internal interface IRtspUdpTarget
{
    void OnUdpPacket(int trackIndex, bool isRtcp, byte[] datagram);
}

/// <summary>
/// The server's RTP and RTCP sockets (<c>rtpAddress</c>/<c>rtcpAddress</c>): one receive loop each, datagrams
/// demultiplexed by source address to the session track that registered it at SETUP, and sends for UDP readers.
/// </summary>
internal sealed class RtspUdpListener : IAsyncDisposable
{
    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SocketAddress, (IRtspUdpTarget Target, int Track)> _rtpTargets = new();
    private readonly ConcurrentDictionary<SocketAddress, (IRtspUdpTarget Target, int Track)> _rtcpTargets = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _rtpLoop;
    private readonly Task _rtcpLoop;
    private readonly PacketDumpFile? _rtpDump;
    private readonly PacketDumpFile? _rtcpDump;

    /// <param name="receiveBufferSize">
    /// udpReadBufferSize: SO_RCVBUF in bytes, 0 for the system default. A key frame reaches this port as a burst of
    /// datagrams from every UDP publisher at once, so busy servers raise it (and net.core.rmem_max with it).
    /// </param>
    /// <param name="dumpPrefix">dumpPackets: each socket's datagrams go to a pcapng file with this prefix; null, none.</param>
    public RtspUdpListener(IPEndPoint rtpAddress, IPEndPoint rtcpAddress, int receiveBufferSize, ILogger logger, string? dumpPrefix = null)
    {
        _logger = logger;
        _rtp = SocketBinding.BindUdp(rtpAddress, receiveBufferSize);
        try
        {
            _rtcp = SocketBinding.BindUdp(rtcpAddress, receiveBufferSize);
        }
        catch
        {
            _rtp.Dispose();
            throw;
        }

        if (dumpPrefix is not null)
        {
            _rtpDump = PacketDumpFile.OpenUdp(Environment.CurrentDirectory, dumpPrefix + "_rtp", logger);
            _rtcpDump = PacketDumpFile.OpenUdp(Environment.CurrentDirectory, dumpPrefix + "_rtcp", logger);
        }

        _rtpLoop = ReceiveLoopAsync(_rtp, _rtpTargets, false, _stop.Token);
        _rtcpLoop = ReceiveLoopAsync(_rtcp, _rtcpTargets, true, _stop.Token);
    }

    public IPEndPoint RtpEndPoint => (IPEndPoint)_rtp.LocalEndPoint!;

    public IPEndPoint RtcpEndPoint => (IPEndPoint)_rtcp.LocalEndPoint!;

    /// <summary>SO_RCVBUF of the RTP and RTCP sockets as the kernel reports it (Linux doubles what was asked).</summary>
    internal (int Rtp, int Rtcp) ReceiveBufferSizes => (_rtp.ReceiveBufferSize, _rtcp.ReceiveBufferSize);

    /// <summary>The address of <paramref name="endPoint"/> as this listener's sockets see it (IPv4-mapped on dual-stack sockets).</summary>
    public SocketAddress Key(IPEndPoint endPoint)
    {
        var address = endPoint.Address;
        if (_rtp.AddressFamily == AddressFamily.InterNetworkV6 && address.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv6();
        }
        else if (_rtp.AddressFamily == AddressFamily.InterNetwork && address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return new IPEndPoint(address, endPoint.Port).Serialize();
    }

    /// <summary>Routes datagrams from these client addresses to the target; false when another session already uses them.</summary>
    public bool Register(SocketAddress rtpKey, SocketAddress rtcpKey, IRtspUdpTarget target, int track)
    {
        if (!_rtpTargets.TryAdd(rtpKey, (target, track)))
        {
            return _rtpTargets.TryGetValue(rtpKey, out var existing) && existing.Target == target;
        }

        _rtcpTargets[rtcpKey] = (target, track);
        return true;
    }

    public void Unregister(SocketAddress? rtpKey, SocketAddress? rtcpKey, IRtspUdpTarget target)
    {
        if (rtpKey is not null && _rtpTargets.TryGetValue(rtpKey, out var r) && r.Target == target)
        {
            _rtpTargets.TryRemove(rtpKey, out _);
        }

        if (rtcpKey is not null && _rtcpTargets.TryGetValue(rtcpKey, out var c) && c.Target == target)
        {
            _rtcpTargets.TryRemove(rtcpKey, out _);
        }
    }

    public ValueTask<int> SendRtpAsync(ReadOnlyMemory<byte> packet, SocketAddress to, CancellationToken ct)
    {
        _rtpDump?.Datagram(RtpEndPoint, ToEndPoint(to), packet.Span);
        return _rtp.SendToAsync(packet, SocketFlags.None, to, ct);
    }

    /// <summary>Sends the batch's RTP datagrams to one reader (one sendmmsg) and empties it.</summary>
    public void SendRtp(UdpDatagramBatch batch, SocketAddress to)
    {
        if (_rtpDump is not null)
        {
            var destination = ToEndPoint(to);
            for (var i = 0; i < batch.Count; i++)
            {
                _rtpDump.Datagram(RtpEndPoint, destination, batch.Datagram(i));
            }
        }

        try
        {
            batch.Send(_rtp, to);
        }
        catch (ObjectDisposedException)
        {
            // The server is stopping.
            batch.Clear();
        }
    }

    public ValueTask<int> SendRtcpAsync(ReadOnlyMemory<byte> packet, SocketAddress to, CancellationToken ct)
    {
        _rtcpDump?.Datagram(RtcpEndPoint, ToEndPoint(to), packet.Span);
        return _rtcp.SendToAsync(packet, SocketFlags.None, to, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _rtp.Dispose();
        _rtcp.Dispose();
        await Task.WhenAll(_rtpLoop, _rtcpLoop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        if (_rtpDump is not null)
        {
            await _rtpDump.DisposeAsync().ConfigureAwait(false);
        }

        if (_rtcpDump is not null)
        {
            await _rtcpDump.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IPEndPoint ToEndPoint(SocketAddress address) =>
        (IPEndPoint)new IPEndPoint(address.Family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0).Create(address);

    private async Task ReceiveLoopAsync(Socket socket, ConcurrentDictionary<SocketAddress, (IRtspUdpTarget Target, int Track)> targets, bool isRtcp, CancellationToken ct)
    {
        await Task.Yield();
        PacketDumpFile? dump = isRtcp ? _rtcpDump : _rtpDump;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var buffer = new byte[65536];
        var from = new SocketAddress(socket.AddressFamily);
        while (!ct.IsCancellationRequested)
        {
            int n;
            try
            {
                n = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                // ICMP port unreachable from a reader that went away surfaces here on Linux; keep serving the others.
                if (ex.SocketErrorCode != SocketError.ConnectionReset)
                {
                    RtspLog.UdpReceiveFailed(_logger, socket.LocalEndPoint!, ex.SocketErrorCode.ToString());
                }

                continue;
            }

            dump?.Datagram(ToEndPoint(from), local, buffer.AsSpan(0, n));
            if (n == 0 || !targets.TryGetValue(from, out var target))
            {
                continue;
            }

            // Units keep slices of the datagram for as long as readers hold them, so each one gets its own array.
            target.Target.OnUdpPacket(target.Track, isRtcp, buffer.AsSpan(0, n).ToArray());
        }
    }
}
