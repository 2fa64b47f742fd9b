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
    public static async Task ReadThrottledAsync(TcpClient client, int port, string app, string name, double bytesPerSecond, ReaderCounters counters, CancellationToken ct)
    {
        try
        {
            var network = client.GetStream();
            await using var throttled = new ThrottledStream(network, bytesPerSecond);
            var reader = await PlayAsync(new BufferedStream(throttled, 4096), network, port, app, name, counters, ct);
            while (!ct.IsCancellationRequested)
            {
                await reader.ReadMessageAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The end of the slow reader's turn.
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or EndOfStreamException or ObjectDisposedException)
        {
            counters.Error = ex.Message;
        }
    }

    /// <summary>Handshake, connect, createStream and play on an open connection; reads from <paramref name="stream"/>, writes to <paramref name="network"/>.</summary>
    private static async Task<RtmpReader> PlayAsync(Stream stream, Stream network, int port, string app, string name, ReaderCounters counters, CancellationToken ct)
    {
        var reader = new RtmpReader(stream, network, counters);
        await reader.HandshakeAsync(ct);
        await reader.WriteCommandAsync(0, new Amf0Writer().String("connect").Number(1)
            .Object(("app", app), ("flashVer", "LNX 9,0,124,2"), ("tcUrl", $"rtmp://127.0.0.1:{port}/{app}")).ToArray(), ct);
        await reader.WriteCommandAsync(0, new Amf0Writer().String("createStream").Number(2).Null().ToArray(), ct);
        var streamId = await reader.ReadUntilCreateStreamResultAsync(ct);
        await reader.WriteCommandAsync(streamId, new Amf0Writer().String("play").Number(3).Null().String(name).ToArray(), ct);
        return reader;
    }
}
