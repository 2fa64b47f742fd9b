using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>The local UDP ports of an RTSP source (client_port of SETUP, RFC 7826 §18.54).</summary>
internal static class RtspClientPorts
{
    /// <summary>
    /// An RTP socket on an even port and its RTCP socket on the next one, both inside <paramref name="range"/> (MediaMTX's
    /// rtspUDPSourcePortRange). The search starts at a random pair and walks every pair of the range once.
    /// </summary>
    public static (Socket Rtp, Socket Rtcp) BindPair((int First, int Last) range, int receiveBufferSize)
    {
        var first = range.First + (range.First & 1);
        var pairs = (range.Last - first + 1) / 2;
        if (pairs <= 0)
        {
            throw new IOException($"rtspUDPSourcePortRange [{range.First}, {range.Last}] holds no even RTP port with the next port for RTCP");
        }

        var start = Random.Shared.Next(pairs);
        for (var i = 0; i < pairs; i++)
        {
            var port = first + (((start + i) % pairs) * 2);
            var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                if (receiveBufferSize > 0)
                {
                    rtp.ReceiveBufferSize = receiveBufferSize;
                    rtcp.ReceiveBufferSize = receiveBufferSize;
                }

                rtp.Bind(new IPEndPoint(IPAddress.Any, port));
                rtcp.Bind(new IPEndPoint(IPAddress.Any, port + 1));
                return (rtp, rtcp);
            }
            catch (SocketException)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }

        throw new IOException($"no free UDP port pair in rtspUDPSourcePortRange [{range.First}, {range.Last}] for the RTSP source");
    }
}
