using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MediaBroker.Bench;

/// <summary>
/// A minimal RTSP player over TCP: OPTIONS, DESCRIBE, SETUP (interleaved) per track, PLAY, then counts
/// the RTP packets and bytes of the interleaved frames.
/// </summary>
internal sealed partial class RtspReader
{
    private readonly Stream _stream;
    private readonly Stream _writer;
    private readonly string _url;
    private int _cseq;
    private string? _session;
    private TimeSpan _sessionTimeout = TimeSpan.FromSeconds(60);

    private RtspReader(Stream stream, Stream writer, string url)
    {
        _stream = stream;
        _writer = writer;
        _url = url;
    }

    public static async Task RunAsync(int port, string path, ReaderCounters counters, CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync("127.0.0.1", port, ct);
            var network = client.GetStream();
            await using var stream = new BufferedStream(network, 64 * 1024);
            await PlayAsync(stream, network, port, path, ct);
            await ReceiveAsync(stream, counters, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Normal end of the run.
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or EndOfStreamException)
        {
            counters.Error = ex.Message;
        }
    }

    /// <summary>OPTIONS, DESCRIBE, SETUP (TCP interleaved) per track and PLAY on an open connection.</summary>
    private static async Task PlayAsync(Stream stream, Stream network, int port, string path, CancellationToken ct)
    {
        var reader = new RtspReader(stream, network, $"rtsp://127.0.0.1:{port}/{path}");
        await reader.RequestAsync("OPTIONS", reader._url, null, ct);
        var (headers, sdp) = await reader.RequestAsync("DESCRIBE", reader._url, "Accept: application/sdp\r\n", ct);
        var baseUrl = headers.TryGetValue("content-base", out var cb) ? cb : reader._url + "/";
        var channel = 0;
        foreach (var control in Controls(sdp))
        {
            var trackUrl = control.StartsWith("rtsp://", StringComparison.Ordinal) ? control
                : baseUrl.TrimEnd('/') + "/" + control;
            await reader.RequestAsync("SETUP", trackUrl, $"Transport: RTP/AVP/TCP;unicast;interleaved={channel}-{channel + 1}\r\n", ct);
            channel += 2;
        }

        await reader.RequestAsync("PLAY", reader._url, "Range: npt=0.000-\r\n", ct);
    }

    /// <summary>
    /// Parses every complete interleaved frame out of each read, so that a reader costs one await per socket read,
    /// not three per RTP packet (at 1000 readers the per-packet version fell behind and was dropped by the broker).
    /// </summary>
    private static async Task ReceiveAsync(Stream stream, ReaderCounters counters, CancellationToken ct)
    {
        var buffer = new byte[256 * 1024];
        var filled = 0;
        while (!ct.IsCancellationRequested)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(filled), ct);
            if (n == 0)
            {
                throw new EndOfStreamException("RTSP server closed the connection");
            }

            filled += n;
            // Read once per socket read and only when measuring: the counting path stays as it was.
            var latency = counters.Latency;
            var receivedAt = latency is null ? 0 : Stopwatch.GetTimestamp();
            var pos = 0;
            var bytes = 0;
            var packets = 0;
            while (filled - pos > 0)
            {
                var rest = filled - pos;
                if (buffer[pos] == (byte)'$')
                {
                    if (rest < 4 || rest < 4 + ((buffer[pos + 2] << 8) | buffer[pos + 3]))
                    {
                        break;
                    }

                    var length = (buffer[pos + 2] << 8) | buffer[pos + 3];
                    if (buffer[pos + 1] % 2 == 0)
                    {
                        bytes += length;
                        packets++;
                        latency?.Scan(buffer.AsSpan(pos + 4 + 12, Math.Max(0, length - 12)), receivedAt);
                    }

                    pos += 4 + length;
                }
                else
                {
                    // A stray RTSP response (keep-alive answer, no body): skip its header block.
                    var end = buffer.AsSpan(pos, rest).IndexOf("\r\n\r\n"u8);
                    if (end < 0)
                    {
                        break;
                    }

                    pos += end + 4;
                }
            }

            if (packets > 0)
            {
                counters.AddMedia(bytes, packets);
            }

            Buffer.BlockCopy(buffer, pos, buffer, 0, filled - pos);
            filled -= pos;
        }
    }

    private static IEnumerable<string> Controls(string sdp)
    {
        var inMedia = false;
        foreach (var raw in sdp.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                inMedia = true;
            }
            else if (inMedia && line.StartsWith("a=control:", StringComparison.Ordinal))
            {
                yield return line["a=control:".Length..];
                inMedia = false;
            }
        }
    }

    private async Task<(Dictionary<string, string> Headers, string Body)> RequestAsync(string method, string url, string? extra, CancellationToken ct)
    {
        _cseq++;
        var request = $"{method} {url} RTSP/1.0\r\nCSeq: {_cseq}\r\nUser-Agent: mediabroker-bench\r\n"
            + (_session is null ? string.Empty : $"Session: {_session}\r\n") + extra + "\r\n";
        await _writer.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        var (status, headers) = await ReadHeadersAsync(ct);
        if (status.StartsWith('$'))
        {
            throw new InvalidDataException($"interleaved data arrived before the response to {method}");
        }

        if (!status.Contains(" 200 ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{method} answered {status}");
        }

        if (headers.TryGetValue("session", out var session))
        {
            var fields = session.Split(';');
            _session = fields[0].Trim();
            foreach (var f in fields.Skip(1))
            {
                if (f.Trim().StartsWith("timeout=", StringComparison.Ordinal)
                    && int.TryParse(f.Trim()["timeout=".Length..], CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
                {
                    _sessionTimeout = TimeSpan.FromSeconds(seconds);
                }
            }
        }

        var body = string.Empty;
        if (headers.TryGetValue("content-length", out var cl) && int.Parse(cl, CultureInfo.InvariantCulture) is > 0 and var len)
        {
            var bytes = new byte[len];
            await _stream.ReadExactlyAsync(bytes, ct);
            body = Encoding.UTF8.GetString(bytes);
        }

        return (headers, body);
    }

    /// <summary>Reads a response header block line by line (only during setup, so byte reads are fine).</summary>
    private async Task<(string Status, Dictionary<string, string> Headers)> ReadHeadersAsync(CancellationToken ct)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var status = await ReadLineAsync(ct);
        while (await ReadLineAsync(ct) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return (status, headers);
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            await _stream.ReadExactlyAsync(one, ct);
            if (one[0] == '\n')
            {
                return sb.ToString().TrimEnd('\r');
            }

            if (sb.Length > 8192)
            {
                throw new InvalidDataException("RTSP header line too long");
            }

            sb.Append((char)one[0]);
        }
    }
}
