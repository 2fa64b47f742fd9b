using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>A player that stops reading: the soak's stalled RTSP/TCP reader.</summary>
internal sealed partial class RtspReader
{
    /// <summary>
    /// Plays over TCP with a small receive buffer, reads until the first interleaved bytes arrive, then reads nothing for
    /// <paramref name="stall"/> so that the TCP window closes, and closes. True when the stall began with media flowing.
    /// </summary>
    public static async Task<bool> StallAsync(int port, string path, TimeSpan stall, CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient { NoDelay = true, ReceiveBufferSize = StalledReaders.ReceiveBufferBytes };
            await client.ConnectAsync("127.0.0.1", port, ct);
            var network = client.GetStream();
            await using var stream = new BufferedStream(network, 4096);
            await PlayAsync(stream, network, port, path, ct);
            var first = new byte[1];
            if (await stream.ReadAsync(first, ct) == 0 || first[0] != (byte)'$')
            {
                return false;
            }

            await Task.Delay(stall, ct);
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or EndOfStreamException or OperationCanceledException)
        {
            return false;
        }
    }
}
