using System.Buffers;
using System.Text;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>
/// The HTTP/1.x answer a tunnelling client reads before RTSP starts: 200 to an HTTP tunnel's GET, 101 to a WebSocket
/// upgrade. I/O-free, like <see cref="HttpTunnelRequest"/>.
/// </summary>
public sealed record HttpTunnelResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public static bool TryRead(ReadOnlySequence<byte> buffer, out HttpTunnelResponse? response, out SequencePosition consumed)
    {
        response = null;
        consumed = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> header, "\r\n\r\n"u8))
        {
            if (buffer.Length > HttpTunnelRequest.MaxHeaderBytes)
            {
                throw new RtspTunnelException($"HTTP header larger than {HttpTunnelRequest.MaxHeaderBytes} bytes");
            }

            return false;
        }

        consumed = reader.Position;
        var lines = Encoding.Latin1.GetString(header).Split("\r\n");
        var parts = lines[0].Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || parts[1].Length != 3
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status))
        {
            throw new RtspTunnelException($"bad HTTP status line '{(lines[0].Length <= 80 ? lines[0] : lines[0][..80])}'");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        response = new HttpTunnelResponse(status, headers);
        return true;
    }
}
