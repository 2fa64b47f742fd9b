using MediaBroker.Protocols.Srt;

namespace MediaBroker.Bench;

/// <summary>The tool's readers by protocol name, bound to one broker: a function that reads path until cancelled.</summary>
internal static class ReaderKinds
{
    public const string Names = "rtmp|rtsp|rtsp-udp|hls|http-flv|srt|webrtc";

    /// <summary>
    /// A reader of <paramref name="path"/> ("app/name"); the HTTP client, SRT runtime and SRT local port are shared by all
    /// readers of a run (a new local port is chosen when none is given). <paramref name="srtWindow"/>: the SRT readers'
    /// flow window in packets (0: libsrt's default).
    /// </summary>
    public static Func<ReaderCounters, CancellationToken, Task> For(string proto, BrokerPorts ports, string path, HttpClient http, SrtRuntime srt,
        SrtCallerPort? srtPort = null, int srtWindow = 0)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var app = path[..slash];
        var name = path[(slash + 1)..];
        srtPort ??= new SrtCallerPort();
        return proto switch
        {
            "rtmp" => (c, ct) => RtmpReader.RunAsync(ports.Rtmp, app, name, c, ct),
            "rtsp" => (c, ct) => RtspReader.RunAsync(ports.Rtsp, path, c, ct),
            "rtsp-udp" => (c, ct) => RtspReader.RunUdpAsync(ports.Rtsp, path, c, ct),
            "hls" => (c, ct) => HlsReader.RunAsync(ports.Hls, path, c, ct),
            "http-flv" => (c, ct) => HttpFlvReader.RunAsync(ports.Hls, path, c, ct),
            "srt" => (c, ct) => SrtReader.RunAsync(srt, srtPort, ports.Srt, path, c, ct, srtWindow),
            "webrtc" => (c, ct) => WhepReader.RunAsync(http, ports.WhepUri(path), c, ct),
            _ => throw new ArgumentException($"unknown protocol {proto}: use {Names}"),
        };
    }

    /// <summary>An HTTP client for many concurrent HLS readers (no per-server connection limit).</summary>
    public static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
}
