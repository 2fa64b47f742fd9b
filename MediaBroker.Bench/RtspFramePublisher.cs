using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MediaBroker.Bench;

/// <summary>
/// Publishes access units over RTSP: ANNOUNCE (SDP with sprop-parameter-sets), SETUP TCP interleaved, RECORD, then
/// RTP H.264 per RFC 6184 (single NAL unit packets, FU-A above <see cref="MaxPayload"/>), one socket write per access unit.
/// </summary>
internal sealed class RtspFramePublisher : IFramePublisher
{
    private const int MaxPayload = 1400;
    private readonly TcpClient _client;
    private readonly NetworkStream _network;
    private readonly CancellationTokenSource _stop = new();
    private readonly uint _ssrc = (uint)Random.Shared.Next();
    private byte[] _buffer = new byte[256 * 1024];
    private Task _drain = Task.CompletedTask;
    private ushort _sequence = (ushort)Random.Shared.Next();
    private int _cseq;
    private string? _session;

    private RtspFramePublisher(TcpClient client)
    {
        _client = client;
        _network = client.GetStream();
    }

    public static async Task<RtspFramePublisher> ConnectAsync(int port, string path, AnnexBClip clip, CancellationToken ct)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync("127.0.0.1", port, ct);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        var publisher = new RtspFramePublisher(client);
        try
        {
            var url = $"rtsp://127.0.0.1:{port}/{path}";
            var sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=bench\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
                "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n" +
                $"a=fmtp:96 packetization-mode=1;profile-level-id={Convert.ToHexString(clip.Sps.AsSpan(1, 3))};" +
                $"sprop-parameter-sets={Convert.ToBase64String(clip.Sps)},{Convert.ToBase64String(clip.Pps)}\r\n" +
                "a=control:trackID=0\r\n";
            await publisher.RequestAsync("ANNOUNCE", url, "Content-Type: application/sdp\r\n", sdp, ct);
            await publisher.RequestAsync("SETUP", url + "/trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n", null, ct);
            await publisher.RequestAsync("RECORD", url, "Range: npt=0.000-\r\n", null, ct);
            publisher._drain = Task.Run(() => publisher.DrainAsync(publisher._stop.Token));
            return publisher;
        }
        catch
        {
            await publisher.DisposeAsync();
            throw;
        }
    }

    public async Task SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, bool keyFrame, long frameIndex, CancellationToken ct)
    {
        var length = Build(nalUnits, frameIndex);
        await _network.WriteAsync(_buffer.AsMemory(0, length), ct);
    }

    public async Task SendHalfAndResetAsync(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, bool keyFrame, long frameIndex, CancellationToken ct)
    {
        var length = Build(nalUnits, frameIndex);
        await _network.WriteAsync(_buffer.AsMemory(0, length / 2), ct);
        // Linger 0: close sends RST, as a crashed process's socket does.
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Client.Close();
    }

    /// <summary>Writes the access unit's interleaved RTP packets into the buffer and returns their length.</summary>
    private int Build(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, long frameIndex)
    {
        var timestamp = (uint)(frameIndex * 3000); // 90 kHz at 30 fps
        var length = 0;
        for (var i = 0; i < nalUnits.Count; i++)
        {
            var nal = nalUnits[i].Span;
            var last = i == nalUnits.Count - 1;
            if (nal.Length <= MaxPayload)
            {
                length = Packet(length, timestamp, last, [], nal);
                continue;
            }

            // FU-A (RFC 6184 5.8): indicator keeps F/NRI with type 28; the header carries S/E and the original type.
            var indicator = (byte)((nal[0] & 0xE0) | 28);
            var type = (byte)(nal[0] & 0x1F);
            for (var offset = 1; offset < nal.Length; offset += MaxPayload - 2)
            {
                var size = Math.Min(MaxPayload - 2, nal.Length - offset);
                var end = offset + size == nal.Length;
                byte header = (byte)(type | (offset == 1 ? 0x80 : 0) | (end ? 0x40 : 0));
                length = Packet(length, timestamp, last && end, [indicator, header], nal.Slice(offset, size));
            }
        }

        return length;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        await _drain.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <summary>Appends one interleaved RTP packet ($, channel 0, length, 12-byte header, prefix, payload) at <paramref name="at"/>.</summary>
    private int Packet(int at, uint timestamp, bool marker, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload)
    {
        var rtpLength = 12 + prefix.Length + payload.Length;
        if (at + 4 + rtpLength > _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var b = _buffer.AsSpan(at);
        b[0] = (byte)'$';
        b[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(b[2..], (ushort)rtpLength);
        b[4] = 0x80; // V=2
        b[5] = (byte)(96 | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(b[6..], _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(b[8..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(b[12..], _ssrc);
        prefix.CopyTo(b[16..]);
        payload.CopyTo(b[(16 + prefix.Length)..]);
        return at + 4 + rtpLength;
    }

    private async Task RequestAsync(string method, string url, string headers, string? body, CancellationToken ct)
    {
        _cseq++;
        var bodyBytes = body is null ? [] : Encoding.ASCII.GetBytes(body);
        var request = $"{method} {url} RTSP/1.0\r\nCSeq: {_cseq}\r\nUser-Agent: mediabroker-bench\r\n"
            + (_session is null ? string.Empty : $"Session: {_session}\r\n") + headers
            + (body is null ? string.Empty : $"Content-Length: {bodyBytes.Length}\r\n") + "\r\n";
        await _network.WriteAsync(Encoding.ASCII.GetBytes(request).Concat(bodyBytes).ToArray(), ct);

        // Setup only: read the response header block byte by byte (no body is expected for these methods).
        var response = new StringBuilder();
        var one = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await _network.ReadExactlyAsync(one, ct);
            response.Append((char)one[0]);
        }

        var text = response.ToString();
        if (!text.StartsWith("RTSP/1.0 200", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{method} answered {text.Split('\r')[0]}");
        }

        foreach (var line in text.Split("\r\n"))
        {
            if (line.StartsWith("Session:", StringComparison.OrdinalIgnoreCase))
            {
                _session = line[8..].Split(';')[0].Trim();
            }
            else if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
                && int.Parse(line[15..].Trim(), CultureInfo.InvariantCulture) is > 0 and var n)
            {
                await _network.ReadExactlyAsync(new byte[n], ct);
            }
        }
    }

    /// <summary>Reads and drops what the server sends (RTCP receiver reports) so that the connection never backs up.</summary>
    private async Task DrainAsync(CancellationToken ct)
    {
        var sink = new byte[16 * 1024];
        try
        {
            while (await _network.ReadAsync(sink, ct) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Ends with the run.
        }
    }
}
