using System.Net;
using System.Net.Sockets;
using MediaBroker.Net;
using MediaBroker.Net.Dump;

namespace MediaBroker.Protocols.WebRtc.Mux;

/// <summary>A remote address on the shared UDP socket.</summary>
internal sealed class UdpTransportPath : WebRtcTransportPath
{
    private readonly Socket _socket;
    private readonly SocketAddress _address;
    private readonly PacketDumpFile? _dump;

    public UdpTransportPath(Socket socket, SocketAddress address, IPEndPoint local, IPEndPoint remote, PacketDumpFile? dump = null)
        : base(local, remote, tcp: false)
    {
        _socket = socket;
        _address = address;
        _dump = dump;
    }

    public override void Send(ReadOnlySpan<byte> packet)
    {
        _dump?.Datagram(Local, Remote, packet);
        try
        {
            // Synchronous: a UDP send only copies into the kernel buffer; when that is full the datagram is dropped.
            _socket.SendTo(packet, SocketFlags.None, _address);
        }
        catch (SocketException)
        {
            // Unreachable or buffer full: UDP loss, the session notices through consent freshness.
        }
        catch (ObjectDisposedException)
        {
            // The server is stopping.
        }
    }

    /// <summary>One sendmmsg for the whole batch (a video frame is tens of packets).</summary>
    public override void Send(UdpDatagramBatch batch)
    {
        if (_dump is not null)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                _dump.Datagram(Local, Remote, batch.Datagram(i));
            }
        }

        try
        {
            batch.Send(_socket, _address);
        }
        catch (ObjectDisposedException)
        {
            // The server is stopping.
            batch.Clear();
        }
    }
}
