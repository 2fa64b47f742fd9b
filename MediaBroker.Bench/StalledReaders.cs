using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaBroker.Bench;

/// <summary>
/// Readers that connect, see media start, then stop reading (the soak's injected stalls): RTMP, RTSP over TCP and
/// HTTP-FLV, each on a socket whose small receive buffer lets the broker's sends fill the TCP window within seconds.
/// </summary>
internal static class StalledReaders
{
    /// <summary>Set before connecting, so the kernel does not auto-tune it up to megabytes.</summary>
    public const int ReceiveBufferBytes = 4096;

    public const string Kinds = "rtmp,rtsp,http-flv";

    /// <summary>Runs one stalled reader of <paramref name="kind"/>; true when it stalled with media flowing.</summary>
    public static Task<bool> RunAsync(string kind, BrokerPorts ports, string path, TimeSpan stall, CancellationToken ct)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return kind switch
        {
            "rtmp" => RtmpReader.StallAsync(ports.Rtmp, path[..slash], path[(slash + 1)..], stall, ct),
            "rtsp" => RtspReader.StallAsync(ports.Rtsp, path, stall, ct),
            "http-flv" => HttpFlvStallAsync(ports.Hls, path, stall, ct),
            _ => throw new ArgumentException($"no stalled reader of {kind}: use {Kinds}"),
        };
    }

    /// <summary>GET /path.flv, wait for the response header and the first body bytes, then read nothing.</summary>
    private static async Task<bool> HttpFlvStallAsync(int port, string path, TimeSpan stall, CancellationToken ct)
    {
        try
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = ReceiveBufferBytes };
            await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
            await s.SendAsync(Encoding.ASCII.GetBytes($"GET /{path.Trim('/')}.flv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), SocketFlags.None, ct);
            var buffer = new byte[ReceiveBufferBytes];
            var n = await s.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (n < 12 || !buffer.AsSpan(0, 12).SequenceEqual("HTTP/1.1 200"u8))
            {
                return false;
            }

            await Task.Delay(stall, ct);
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
