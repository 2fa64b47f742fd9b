using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>Players that stop reading or vanish: the stalled RTSP/TCP reader and the vanished RTSP/UDP reader.</summary>
internal sealed partial class RtspReader
{
    /// <summary>
    /// Plays over TCP with a small receive buffer and reads until the first interleaved bytes arrive; the caller then reads
    /// nothing more, so the TCP window closes. Returns the connection (owned by the caller) with media flowing.
    /// </summary>
    public static async Task<TcpClient> OpenStalledAsync(int port, string path, CancellationToken ct)
    {
        var client = new TcpClient { NoDelay = true, ReceiveBufferSize = StalledReaders.ReceiveBufferBytes };
        try
        {
            await client.ConnectAsync("127.0.0.1", port, ct);
            var network = client.GetStream();
            var stream = new BufferedStream(network, 4096);
            await PlayAsync(stream, network, port, path, ct);
            var first = new byte[1];
            if (await stream.ReadAsync(first, ct) == 0 || first[0] != (byte)'$')
            {
                throw new InvalidDataException("no interleaved media after PLAY");
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Plays over UDP until the first RTP packet arrives, then vanishes as a crashed player does: its UDP sockets and the
    /// TCP connection close, no TEARDOWN. The broker keeps sending to ports nobody listens on until it drops the session.
    /// Returns the RTP packets received before vanishing.
    /// </summary>
    public static async Task<int> PlayUdpThenVanishAsync(int port, string path, CancellationToken ct)
    {
        var sockets = new List<Socket>();
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync("127.0.0.1", port, ct);
            var network = client.GetStream();
            await using var stream = new BufferedStream(network, 4096);
            await PlayUdpAsync(stream, network, port, path, sockets, ct);
            var buffer = new byte[2048];
            var packets = 0;
            while (packets == 0)
            {
                if (await sockets[0].ReceiveAsync(buffer, SocketFlags.None, ct) >= 12)
                {
                    packets++;
                }
            }

            // Linger 0: the control connection ends with RST, as a killed process's does.
            client.Client.LingerState = new LingerOption(true, 0);
            return packets;
        }
        finally
        {
            foreach (var s in sockets)
            {
                s.Dispose();
            }
        }
    }
}
