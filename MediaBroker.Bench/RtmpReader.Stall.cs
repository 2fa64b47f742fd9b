using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>Players that stop reading or read too slowly: the stalled and the slow RTMP readers.</summary>
internal sealed partial class RtmpReader
{
    /// <summary>
    /// Plays with a small receive buffer and reads until the first video message; the caller then reads nothing more, so
    /// the TCP window closes. Returns the connection (owned by the caller) with media flowing.
    /// </summary>
    public static async Task<TcpClient> OpenStalledAsync(int port, string app, string name, CancellationToken ct)
    {
        var client = new TcpClient { NoDelay = true, ReceiveBufferSize = StalledReaders.ReceiveBufferBytes };
        try
        {
            await client.ConnectAsync("127.0.0.1", port, ct);
            var network = client.GetStream();
            var counters = new ReaderCounters();
            var reader = await PlayAsync(new BufferedStream(network, 4096), network, port, app, name, counters, ct);
            while (!counters.Started)
            {
                await reader.ReadMessageAsync(ct);
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
    /// Plays on a connected client and reads at most <paramref name="bytesPerSecond"/> until cancelled, counting what
    /// arrives: a reader too slow for the stream, not a stalled one. Errors end up in the counters.
    /// </summary>
    public static Task ReadThrottledAsync(TcpClient client, int port, string app, string name, double bytesPerSecond, ReaderCounters counters, CancellationToken ct) =>
        ReadUntilCancelledAsync(client, port, app, name, bytesPerSecond, counters, ct);
}
