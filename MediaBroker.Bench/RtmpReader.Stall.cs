using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>A player that stops reading: the soak's stalled RTMP reader.</summary>
internal sealed partial class RtmpReader
{
    /// <summary>
    /// Plays with a small receive buffer, reads until the first video message, then reads nothing for
    /// <paramref name="stall"/> so that the TCP window closes, and closes. True when the stall began with media flowing.
    /// </summary>
    public static async Task<bool> StallAsync(int port, string app, string name, TimeSpan stall, CancellationToken ct)
    {
        var counters = new ReaderCounters();
        try
        {
            using var client = new TcpClient { NoDelay = true, ReceiveBufferSize = StalledReaders.ReceiveBufferBytes };
            await client.ConnectAsync("127.0.0.1", port, ct);
            var network = client.GetStream();
            await using var stream = new BufferedStream(network, 4096);
            var reader = new RtmpReader(stream, network, counters);
            await reader.HandshakeAsync(ct);
            await reader.WriteCommandAsync(0, new Amf0Writer().String("connect").Number(1)
                .Object(("app", app), ("flashVer", "LNX 9,0,124,2"), ("tcUrl", $"rtmp://127.0.0.1:{port}/{app}")).ToArray(), ct);
            await reader.WriteCommandAsync(0, new Amf0Writer().String("createStream").Number(2).Null().ToArray(), ct);
            var streamId = await reader.ReadUntilCreateStreamResultAsync(ct);
            await reader.WriteCommandAsync(streamId, new Amf0Writer().String("play").Number(3).Null().String(name).ToArray(), ct);
            while (!counters.Started)
            {
                await reader.ReadMessageAsync(ct);
            }

            await Task.Delay(stall, ct);
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or EndOfStreamException or OperationCanceledException)
        {
            return counters.Started && !ct.IsCancellationRequested;
        }
    }
}
