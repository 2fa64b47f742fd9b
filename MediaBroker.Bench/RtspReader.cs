using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MediaBroker.Bench;

/// <summary>
/// A minimal RTSP player over TCP: OPTIONS, DESCRIBE, SETUP (interleaved) per track, PLAY, then counts
/// the RTP packets and bytes of the interleaved frames.
/// </summary>
internal sealed class RtspReader
{
    private readonly Stream _stream;
    private readonly Stream _writer;
    private readonly string _url;
    private int _cseq;
    private string? _session;

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
            var frameHeader = new byte[4];
            var frame = new byte[65536];
            while (!ct.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(frameHeader.AsMemory(0, 1), ct);
                if (frameHeader[0] != (byte)'$')
                {
                    // A stray RTSP response (keep-alive answer): skip its header block.
                    await reader.ReadHeadersAsync(ct);
                    continue;
                }

                await stream.ReadExactlyAsync(frameHeader.AsMemory(1, 3), ct);
                var length = (frameHeader[2] << 8) | frameHeader[3];
                await stream.ReadExactlyAsync(frame.AsMemory(0, length), ct);
                if (frameHeader[1] % 2 == 0)
                {
                    counters.AddMedia(length);
                }
            }
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
        if (!status.Contains(" 200 ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{method} answered {status}");
        }

        if (headers.TryGetValue("session", out var session))
        {
            _session = session.Split(';')[0].Trim();
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

    /// <summary>Reads a header block line by line; the caller may already have consumed the first byte.</summary>
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
