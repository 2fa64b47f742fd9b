using System.Net;
using System.Net.Sockets;
using MediaBroker.Protocols.WebRtc.Ice;

namespace MediaBroker.Protocols.WebRtc.Mux;

/// <summary>An ICE-TCP connection (RFC 6544): every packet is framed with a 16-bit length (RFC 4571).</summary>
internal sealed class TcpTransportPath : WebRtcTransportPath
{
    private readonly Socket _socket;
    private readonly Lock _writeGate = new();
    private readonly byte[] _frame = new byte[IceTcpFraming.PrefixLength + 2048];

    public TcpTransportPath(Socket socket, IPEndPoint local, IPEndPoint remote)
        : base(local, remote, tcp: true)
    {
        _socket = socket;
    }

    public override void Send(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > _frame.Length - IceTcpFraming.PrefixLength)
        {
            return;
        }

        lock (_writeGate)
        {
            var length = IceTcpFraming.WriteFrame(_frame, packet);
            try
            {
                // One send per frame keeps frames whole; a full socket buffer blocks this viewer's sender only.
                _socket.Send(_frame.AsSpan(0, length), SocketFlags.None);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The connection is gone; the session ends through consent freshness or DTLS.
            }
        }
    }
}
