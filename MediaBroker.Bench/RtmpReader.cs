using System.Buffers.Binary;
using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>
/// A minimal RTMP player: simple handshake, connect, createStream, play, then a chunk demuxer that counts
/// audio/video bytes and video messages, honouring Set Chunk Size and acknowledging per Window Ack Size.
/// </summary>
internal sealed partial class RtmpReader
{
    private readonly Dictionary<int, ChunkStream> _streams = [];
    private readonly ReaderCounters _counters;
    private readonly Stream _stream;
    private readonly Stream _writer;
    private int _chunkSize = 128;
    private long _received;
    private long _acked;
    private long _window = long.MaxValue;

    private RtmpReader(Stream stream, Stream writer, ReaderCounters counters)
    {
        _stream = stream;
        _writer = writer;
        _counters = counters;
    }

    /// <summary>Plays rtmp://127.0.0.1:port/app/name until cancelled; errors end up in the counters.</summary>
    public static async Task RunAsync(int port, string app, string name, ReaderCounters counters, CancellationToken ct)
    {
        using var client = new TcpClient { NoDelay = true };
        await ReadUntilCancelledAsync(client, port, app, name, bytesPerSecond: null, counters, ct);
    }

    /// <summary>
    /// Connects <paramref name="client"/> unless it is connected, plays, and reads until cancelled, counting what arrives;
    /// with <paramref name="bytesPerSecond"/>, at no more than that rate. Errors end up in the counters.
    /// </summary>
    private static async Task ReadUntilCancelledAsync(TcpClient client, int port, string app, string name, double? bytesPerSecond, ReaderCounters counters, CancellationToken ct)
    {
        try
        {
            if (!client.Connected)
            {
                await client.ConnectAsync("127.0.0.1", port, ct);
            }

            // Reads are buffered; writes go straight to the socket (a BufferedStream cannot switch direction on a socket).
            // A throttled reader buffers little, so that the throttle, not the buffer, sets what leaves the socket.
            var network = client.GetStream();
            await using var stream = bytesPerSecond is { } rate
                ? new BufferedStream(new ThrottledStream(network, rate), 4096)
                : new BufferedStream(network, 64 * 1024);
            var reader = await PlayAsync(stream, network, port, app, name, counters, ct);
            while (!ct.IsCancellationRequested)
            {
                await reader.ReadMessageAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Normal end of the run.
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or EndOfStreamException or ObjectDisposedException)
        {
            // ObjectDisposedException: the owner of a connected client may close it under the reader.
            counters.Error = ex.Message;
        }
    }

    /// <summary>Handshake, connect, createStream and play on an open connection; reads from <paramref name="stream"/>, writes to <paramref name="network"/>.</summary>
    private static async Task<RtmpReader> PlayAsync(Stream stream, Stream network, int port, string app, string name, ReaderCounters counters, CancellationToken ct)
    {
        var reader = new RtmpReader(stream, network, counters);
        var streamId = await reader.ConnectAsync(port, app, publisher: false, ct);
        await reader.WriteCommandAsync(streamId, new Amf0Writer().String("play").Number(3).Null().String(name).ToArray(), ct);
        return reader;
    }

    /// <summary>
    /// Handshake, connect to <paramref name="app"/> and createStream: the one session start of players and publishers
    /// (a publisher introduces itself as FMLE does). Returns the new stream's id.
    /// </summary>
    private async Task<int> ConnectAsync(int port, string app, bool publisher, CancellationToken ct)
    {
        await HandshakeAsync(ct);
        var tcUrl = $"rtmp://127.0.0.1:{port}/{app}";
        var connect = new Amf0Writer().String("connect").Number(1);
        connect = publisher
            ? connect.Object(("app", app), ("type", "nonprivate"), ("flashVer", "FMLE/3.0"), ("tcUrl", tcUrl))
            : connect.Object(("app", app), ("flashVer", "LNX 9,0,124,2"), ("tcUrl", tcUrl));
        await WriteCommandAsync(0, connect.ToArray(), ct);
        await WriteCommandAsync(0, new Amf0Writer().String("createStream").Number(2).Null().ToArray(), ct);
        return await ReadUntilCreateStreamResultAsync(ct);
    }

    private async Task HandshakeAsync(CancellationToken ct)
    {
        var c0c1 = new byte[1537];
        c0c1[0] = 3;
        Random.Shared.NextBytes(c0c1.AsSpan(9));
        await _writer.WriteAsync(c0c1, ct);
        var s0s1s2 = new byte[1 + 1536 + 1536];
        await _stream.ReadExactlyAsync(s0s1s2, ct);
        // C2 echoes S1.
        await _writer.WriteAsync(s0s1s2.AsMemory(1, 1536), ct);
    }

    private async Task<int> ReadUntilCreateStreamResultAsync(CancellationToken ct)
    {
        while (true)
        {
            var (type, payload) = await ReadMessageAsync(ct);
            // _result for transaction 2: 02 "_result" 00 <2.0> 05 00 <stream id>
            if (type == 20 && payload.Length >= 29 && payload[0] == 0x02 && payload[3] == (byte)'_' && payload[10] == 0x00
                && BinaryPrimitives.ReadDoubleBigEndian(payload.AsSpan(11)) == 2 && payload[19] == 0x05 && payload[20] == 0x00)
            {
                return (int)BinaryPrimitives.ReadDoubleBigEndian(payload.AsSpan(21));
            }
        }
    }

    private Task WriteCommandAsync(int streamId, byte[] payload, CancellationToken ct) => WriteMessageAsync(3, 20, streamId, payload, ct);

    private async Task WriteMessageAsync(int csid, byte type, int streamId, byte[] payload, CancellationToken ct, uint timestamp = 0) =>
        await _writer.WriteAsync(Message(csid, type, streamId, payload, timestamp), ct);

    /// <summary>One message as chunks: a type 0 header, then type 3 continuation headers every 128 bytes.</summary>
    private static byte[] Message(int csid, byte type, int streamId, byte[] payload, uint timestamp)
    {
        using var message = new MemoryStream();
        Span<byte> header = stackalloc byte[12];
        header.Clear();
        header[0] = (byte)csid;
        header[1] = (byte)(timestamp >> 16);
        header[2] = (byte)(timestamp >> 8);
        header[3] = (byte)timestamp;
        header[4] = (byte)(payload.Length >> 16);
        header[5] = (byte)(payload.Length >> 8);
        header[6] = (byte)payload.Length;
        header[7] = type;
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], streamId);
        message.Write(header);
        // Our outgoing chunk size stays at the default 128.
        for (var offset = 0; offset < payload.Length; offset += 128)
        {
            if (offset > 0)
            {
                message.WriteByte((byte)(0xC0 | csid));
            }

            message.Write(payload, offset, Math.Min(128, payload.Length - offset));
        }

        return message.ToArray();
    }

    private sealed class ChunkStream
    {
        public uint Timestamp;
        public int Length;
        public byte Type;
        public bool Extended;
        public byte[]? Buffer;
        public int Filled;
    }
}
