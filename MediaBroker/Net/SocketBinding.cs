using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Net;

/// <summary>
/// Opens the server sockets behind a <see cref="ListenAddress"/>: every listener (TCP servers, the RTSP UDP
/// ports, the WebRTC UDP and ICE-TCP muxes) binds the same way, so ":port" means the same thing everywhere.
/// </summary>
internal static class SocketBinding
{
    /// <summary>
    /// A UDP socket bound to <paramref name="endPoint"/>. No SO_REUSEADDR: on Linux it would let a second
    /// server bind the same UDP port and silently split its datagrams.
    /// </summary>
    /// <param name="receiveBufferSize">SO_RCVBUF in bytes; 0 keeps the system default.</param>
    /// <param name="sendBufferSize">SO_SNDBUF in bytes; 0 keeps the system default.</param>
    public static Socket BindUdp(IPEndPoint endPoint, int receiveBufferSize = 0, int sendBufferSize = 0)
    {
        endPoint = SupportedEndPoint(endPoint);
        var socket = Create(endPoint, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (receiveBufferSize > 0)
            {
                socket.ReceiveBufferSize = receiveBufferSize;
            }

            if (sendBufferSize > 0)
            {
                socket.SendBufferSize = sendBufferSize;
            }

            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A listening TCP socket. SO_REUSEADDR lets a restarted server bind while connections of the previous
    /// one sit in TIME_WAIT (on Linux it does not allow two listeners on one port).
    /// </summary>
    public static Socket ListenTcp(IPEndPoint endPoint, int backlog)
    {
        endPoint = SupportedEndPoint(endPoint);
        var socket = Create(endPoint, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>"[::]" (what ":port" parses to) falls back to 0.0.0.0 on hosts without IPv6.</summary>
    private static IPEndPoint SupportedEndPoint(IPEndPoint endPoint) =>
        endPoint.Address.Equals(IPAddress.IPv6Any) && !Socket.OSSupportsIPv6 ? new IPEndPoint(IPAddress.Any, endPoint.Port) : endPoint;

    private static Socket Create(IPEndPoint endPoint, SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(endPoint.AddressFamily, type, protocol);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // IPV6_V6ONLY off: "[::]" also accepts IPv4 (as ::ffff:a.b.c.d), like MediaMTX's ":port".
            socket.DualMode = true;
        }

        return socket;
    }
}
