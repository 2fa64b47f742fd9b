using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Protocols.Rtsp.Client;

public sealed partial class RtspSource
{
    /// <summary>rtspUDPSourcePortRange as (first, last); the validator guarantees two ports.</summary>
    private static (int First, int Last) PortRange(ImmutableArray<int> range) => range.Length == 2 ? (range[0], range[1]) : (32768, 60999);

    /// <summary>
    /// A pair of UDP sockets per track: unicast (RTP on an even local port, RTCP on the next one, RFC 3550 §11) or a joined
    /// multicast group. Unicast packets are only taken from the server's address and, unless <c>rtspAnyPort</c>, from the
    /// server_port it announced, so stray senders cannot inject media.
    /// </summary>
    private sealed class UdpPorts : IDisposable
    {
        private readonly (Socket Rtp, Socket Rtcp)[] _sockets;
        private readonly (IPEndPoint? Rtp, IPEndPoint? Rtcp)[] _expected;
        private readonly bool _anyPort;
        private readonly Action<EndPoint> _dropped;
        private readonly int _receiveBufferSize;

        /// <param name="portRange">rtspUDPSourcePortRange: the local ports RTP (even) and RTCP (next odd) are taken from.</param>
        /// <param name="receiveBufferSize">udpReadBufferSize: SO_RCVBUF in bytes; 0 keeps the system default.</param>
        public UdpPorts(int tracks, bool multicast, bool anyPort, (int First, int Last) portRange, int receiveBufferSize, Action<EndPoint> dropped)
        {
            _sockets = new (Socket, Socket)[tracks];
            _expected = new (IPEndPoint?, IPEndPoint?)[tracks];
            _anyPort = anyPort;
            _dropped = dropped;
            _receiveBufferSize = receiveBufferSize;
            for (var i = 0; i < tracks && !multicast; i++)
            {
                _sockets[i] = RtspClientPorts.BindPair(portRange, receiveBufferSize);
            }
        }

        public int RtpPort(int track) => ((IPEndPoint)_sockets[track].Rtp.LocalEndPoint!).Port;

        /// <summary>Records where the server said it sends from (server_port of the SETUP reply).</summary>
        public void ExpectFrom(int track, IPAddress server, (int Rtp, int Rtcp) ports) =>
            _expected[track] = (new IPEndPoint(server, ports.Rtp), new IPEndPoint(server, ports.Rtcp));

        /// <summary>
        /// Joins the track's group on the interface the control connection uses (loopback when the server is local).
        /// The sockets are bound to the group address itself, because Linux otherwise hands a socket bound to the
        /// wildcard address the packets of every group joined on the host, and tracks share the multicast ports.
        /// </summary>
        public void JoinMulticast(int track, IPAddress group, (int Rtp, int Rtcp) ports, IPAddress localInterface)
        {
            _sockets[track] = (JoinOne(group, ports.Rtp, localInterface, _receiveBufferSize), JoinOne(group, ports.Rtcp, localInterface, _receiveBufferSize));
        }

        /// <summary>Sends from the track's RTCP socket, so the server sees the client_port it was told.</summary>
        public ValueTask<int> SendRtcpAsync(int track, byte[] packet, IPEndPoint to, CancellationToken ct) =>
            _sockets[track].Rtcp.SendToAsync(packet, SocketFlags.None, to, ct);

        public IEnumerable<Task> Start(Receiver receiver, CancellationToken ct)
        {
            for (var i = 0; i < _sockets.Length; i++)
            {
                var track = i;
                yield return ReceiveAsync(_sockets[i].Rtp, _expected[i].Rtp, d => receiver.OnRtp(track, d), ct);
                yield return ReceiveAsync(_sockets[i].Rtcp, _expected[i].Rtcp, d => receiver.OnRtcp(track, d), ct);
            }
        }

        public void Dispose()
        {
            foreach (var (rtp, rtcp) in _sockets)
            {
                rtp?.Dispose();
                rtcp?.Dispose();
            }
        }

        private async Task ReceiveAsync(Socket socket, IPEndPoint? expected, Action<byte[]> handle, CancellationToken ct)
        {
            var buffer = new byte[65536];
            var from = new SocketAddress(socket.AddressFamily); // reused: no allocation per datagram
            var wanted = expected is null ? null : Normalize(expected, socket.AddressFamily).Serialize();
            while (true)
            {
                int received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, ct).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    continue;
                }

                if (wanted is not null && !(_anyPort ? SameHost(from, wanted) : from.Equals(wanted)))
                {
                    _dropped(new IPEndPoint(IPAddress.Any, 0).Create(from));
                    continue;
                }

                if (received > 0)
                {
                    handle(buffer.AsSpan(0, received).ToArray());
                }
            }
        }

        private static IPEndPoint Normalize(IPEndPoint endPoint, AddressFamily family) =>
            family == AddressFamily.InterNetworkV6 && endPoint.AddressFamily == AddressFamily.InterNetwork
                ? new IPEndPoint(endPoint.Address.MapToIPv6(), endPoint.Port)
                : endPoint;

        /// <summary>Same address, any port: sockaddr bytes 2-3 hold the port, the rest is family and address.</summary>
        private static bool SameHost(SocketAddress a, SocketAddress b)
        {
            var x = a.Buffer.Span[..a.Size];
            var y = b.Buffer.Span[..b.Size];
            return x.Length == y.Length && x[..2].SequenceEqual(y[..2]) && x[4..].SequenceEqual(y[4..]);
        }

        private static Socket JoinOne(IPAddress group, int port, IPAddress localInterface, int receiveBufferSize)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(group, port));
                if (receiveBufferSize > 0)
                {
                    socket.ReceiveBufferSize = receiveBufferSize;
                }

                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, localInterface));
                if (IPAddress.IsLoopback(localInterface))
                {
                    JoinDefaultInterface(socket, group);
                }

                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>
        /// A server on this host sends its groups out of whatever interface its multicast route names (lo only when a
        /// 224.0.0.0/4 route says so), so the group is also joined where the kernel's default choice lands.
        /// </summary>
        private static void JoinDefaultInterface(Socket socket, IPAddress group)
        {
            try
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, IPAddress.Any));
            }
            catch (SocketException)
            {
                // Already joined there (the default is lo) or no multicast route at all: the loopback membership remains.
            }
        }
    }
}
