using System.Buffers;
using System.Text;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>
/// The HTTP/1.x request that opens a tunnel on the RTSP port: Apple's GET/POST pair (x-sessioncookie) or a WebSocket
/// upgrade. I/O-free: <see cref="TryRead"/> returns false while the header is incomplete and throws
/// <see cref="RtspTunnelException"/> on malformed or oversized input.
/// </summary>
public sealed record HttpTunnelRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>Request line plus headers; tunnel requests are a few hundred bytes.</summary>
    public const int MaxHeaderBytes = 8192;

    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    /// <summary>Whether a header holds <paramref name="token"/> among its comma-separated values (Connection: keep-alive, Upgrade).</summary>
    public bool HeaderHasToken(string name, string token) =>
        Header(name) is { } v && v.Split(',').Any(t => t.Trim().Equals(token, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether a connection's first bytes are an HTTP GET or POST rather than an RTSP request or interleaved frame.
    /// Null while too few bytes have arrived to tell. An RTSP method never starts with "GET " or "POST "
    /// (GET_PARAMETER has no space).
    /// </summary>
    public static bool? IsHttp(ReadOnlySequence<byte> start)
    {
        Span<byte> head = stackalloc byte[5];
        var n = (int)Math.Min(start.Length, head.Length);
        start.Slice(0, n).CopyTo(head);
        head = head[..n];
        if (head.StartsWith("GET "u8) || head.StartsWith("POST "u8))
        {
            return true;
        }

        // Still a prefix of one of them: wait for more bytes.
        return "GET "u8.StartsWith(head) || "POST "u8.StartsWith(head) ? null : false;
    }

    public static bool TryRead(ReadOnlySequence<byte> buffer, out HttpTunnelRequest? request, out SequencePosition consumed)
    {
        request = null;
        consumed = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> header, HeaderEnd))
        {
            if (buffer.Length > MaxHeaderBytes)
            {
                throw new RtspTunnelException($"HTTP header larger than {MaxHeaderBytes} bytes");
            }

            return false;
        }

        if (header.Length + HeaderEnd.Length > MaxHeaderBytes)
        {
            throw new RtspTunnelException($"HTTP header larger than {MaxHeaderBytes} bytes");
        }

        consumed = reader.Position;
        request = Parse(Encoding.Latin1.GetString(header));
        return true;
    }

    private static HttpTunnelRequest Parse(string text)
    {
        var lines = text.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new RtspTunnelException($"bad HTTP request line '{Truncate(lines[0])}'");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new RtspTunnelException($"bad HTTP header line '{Truncate(line)}'");
            }

            // A repeated header keeps its values, comma-separated (RFC 9110 §5.3).
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var before) ? before + ", " + value : value;
        }

        return new HttpTunnelRequest(parts[0], parts[1], headers);
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "...";
}
