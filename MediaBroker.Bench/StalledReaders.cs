using System.Net;
using System.Net.Sockets;
using System.Text;
using MediaBroker.Protocols.Srt;
using MediaBroker.Protocols.WebRtc.Dtls;

namespace MediaBroker.Bench;

/// <summary>
/// The readers that misbehave on purpose (the soak's injected stalls and the stalls scenario's), by kind: TCP readers
/// that stop reading (<c>rtmp</c>, <c>rtsp</c>, <c>http-flv</c>, <c>hls</c>: an unread response body), an HLS viewer that
/// stops requesting (<c>hls-idle</c>), an SRT reader that stops receiving (<c>srt</c>), UDP readers that vanish without a
/// goodbye (<c>rtsp-udp</c>, <c>webrtc</c>) and an RTMP reader at half the stream's rate (<c>rtmp-slow</c>).
/// </summary>
internal static class StalledReaders
{
    /// <summary>Set before connecting, so the kernel does not auto-tune it up to megabytes.</summary>
    public const int ReceiveBufferBytes = 4096;

    public const string Kinds = "rtmp,rtsp,http-flv,hls,hls-idle,srt,rtmp-slow,webrtc,rtsp-udp";

    public static IStalledReader Create(string kind, StallContext c) => kind switch
    {
        "rtmp" => new TcpStalledReader(ct => RtmpReader.OpenStalledAsync(c.Ports.Rtmp, c.App, c.Name, ct)),
        "rtsp" => new TcpStalledReader(ct => RtspReader.OpenStalledAsync(c.Ports.Rtsp, c.Path, ct)),
        "http-flv" => new TcpStalledReader(ct => OpenHttpFlvAsync(c.Ports.Hls, c.Path, ct)),
        "hls" => new HlsStalledReader(c, idle: false),
        "hls-idle" => new HlsStalledReader(c, idle: true),
        "srt" => new SrtStalledReader(c),
        "rtmp-slow" => new SlowRtmpReader(c),
        "webrtc" => new VanishedReader("its ICE/DTLS socket", ct => WhepReader.PlayThenVanishAsync(c.Http, c.Ports.WhepUri(c.Path), ct)),
        "rtsp-udp" => new VanishedReader("its RTP/RTCP sockets and RTSP connection", async ct => await RtspReader.PlayUdpThenVanishAsync(c.Ports.Rtsp, c.Path, ct)),
        _ => throw new ArgumentException($"no stalled reader of {kind}: use {Kinds}"),
    };

    /// <summary>The failures a stalled reader's start may end in (no media, refused, timed out).</summary>
    public static bool IsReaderFailure(Exception ex) => ex is IOException or SocketException or InvalidDataException or EndOfStreamException
        or TimeoutException or SrtException or HttpRequestException or InvalidOperationException or FormatException or DtlsHandshakeException;

    /// <summary>Runs one stalled reader of <paramref name="kind"/> for <paramref name="stall"/>; true when media flowed and the stall was real.</summary>
    public static async Task<bool> RunAsync(string kind, StallContext context, TimeSpan stall, CancellationToken ct)
    {
        await using var reader = Create(kind, context);
        try
        {
            await reader.StartAsync(ct);
            await Task.Delay(stall, ct);
            return reader.Proof() is not null;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception ex) when (IsReaderFailure(ex))
        {
            return false;
        }
    }

    /// <summary>GET /path.flv with a small receive buffer; returns once the response header and the first body bytes are in.</summary>
    private static async Task<TcpClient> OpenHttpFlvAsync(int port, string path, CancellationToken ct)
    {
        var client = new TcpClient { NoDelay = true, ReceiveBufferSize = ReceiveBufferBytes };
        try
        {
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
            await client.Client.SendAsync(Encoding.ASCII.GetBytes($"GET /{path.Trim('/')}.flv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), SocketFlags.None, ct);
            var buffer = new byte[ReceiveBufferBytes];
            var n = await client.Client.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (n < 12 || !buffer.AsSpan(0, 12).SequenceEqual("HTTP/1.1 200"u8))
            {
                throw new InvalidDataException("HTTP-FLV refused or empty");
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
