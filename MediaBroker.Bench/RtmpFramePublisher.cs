using System.Buffers.Binary;
using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>Publishes access units over RTMP as FLV AVC video tags (AVC sequence header first, then NALUs, 4-byte lengths).</summary>
internal sealed class RtmpFramePublisher : IFramePublisher
{
    private readonly TcpClient _client;
    private readonly BufferedStream _buffered;
    private readonly RtmpReader _session;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _drain;

    private RtmpFramePublisher(TcpClient client, BufferedStream buffered, RtmpReader session)
    {
        _client = client;
        _buffered = buffered;
        _session = session;
        _drain = Task.Run(() => DrainAsync(_stop.Token));
    }

    public static async Task<RtmpFramePublisher> ConnectAsync(int port, string app, string name, AnnexBClip clip, CancellationToken ct)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync("127.0.0.1", port, ct);
            var network = client.GetStream();
            var buffered = new BufferedStream(network, 16 * 1024);
            var session = await RtmpReader.OpenPublishAsync(buffered, network, port, app, name, ct);
            var publisher = new RtmpFramePublisher(client, buffered, session);
            await session.WriteVideoAsync(SequenceHeader(clip.Sps, clip.Pps), 0, ct);
            return publisher;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public Task SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, bool keyFrame, long frameIndex, CancellationToken ct) =>
        _session.WriteVideoAsync(Payload(nalUnits, keyFrame), (uint)(frameIndex * 1000 / 30), ct);

    public async Task SendHalfAndResetAsync(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, bool keyFrame, long frameIndex, CancellationToken ct)
    {
        await _session.WriteHalfVideoAsync(Payload(nalUnits, keyFrame), (uint)(frameIndex * 1000 / 30), ct);
        // Linger 0: close sends RST, as a crashed process's socket does.
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Client.Close();
    }

    /// <summary>The FLV AVC video tag body: frame type and codec, AVC NALU packet type, composition time 0, length-prefixed NAL units.</summary>
    private static byte[] Payload(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, bool keyFrame)
    {
        var length = 5;
        foreach (var nal in nalUnits)
        {
            length += 4 + nal.Length;
        }

        var payload = new byte[length];
        payload[0] = (byte)(keyFrame ? 0x17 : 0x27); // frame type | codec 7 (AVC)
        payload[1] = 1; // AVC NALU; composition time 0 (no B-frames)
        var pos = 5;
        foreach (var nal in nalUnits)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(pos), nal.Length);
            nal.Span.CopyTo(payload.AsSpan(pos + 4));
            pos += 4 + nal.Length;
        }

        return payload;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        await _drain.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _buffered.DisposeAsync();
        _stop.Dispose();
    }

    /// <summary>AVCDecoderConfigurationRecord (ISO 14496-15 5.2.4.1) in an AVC sequence header tag.</summary>
    private static byte[] SequenceHeader(byte[] sps, byte[] pps)
    {
        var record = new List<byte> { 0x17, 0, 0, 0, 0, 1, sps[1], sps[2], sps[3], 0xFF, 0xE1, (byte)(sps.Length >> 8), (byte)sps.Length };
        record.AddRange(sps);
        record.AddRange([1, (byte)(pps.Length >> 8), (byte)pps.Length]);
        record.AddRange(pps);
        return [.. record];
    }

    private async Task DrainAsync(CancellationToken ct)
    {
        try
        {
            await _session.DrainAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or InvalidDataException or EndOfStreamException or ObjectDisposedException)
        {
            // The connection ends with the run; a failure shows as missing samples.
        }
    }
}
