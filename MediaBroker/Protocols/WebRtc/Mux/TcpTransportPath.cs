using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Protocols.WebRtc.Mux;

/// <summary>An ICE-TCP connection (RFC 6544): every packet is framed with a 16-bit length (RFC 4571).</summary>
internal sealed class TcpTransportPath : WebRtcTransportPath
{
    private readonly Socket _socket;
    private readonly Lock _writeGate = new();
    private readonly byte[] _frame = new byte[2 + 2048];

    public TcpTransportPath(Socket socket, IPEndPoint local, IPEndPoint remote)
        : base(local, remote, tcp: true)
    {
        _socket = socket;
    }

    public override void Send(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > _frame.Length - 2)
        {
            return;
        }

        lock (_writeGate)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_frame, (ushort)packet.Length);
            packet.CopyTo(_frame.AsSpan(2));
            try
            {
                // One send per frame keeps frames whole; a full socket buffer blocks this viewer's sender only.
                _socket.Send(_frame.AsSpan(0, 2 + packet.Length), SocketFlags.None);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The connection is gone; the session ends through consent freshness or DTLS.
            }
        }
    }
}
