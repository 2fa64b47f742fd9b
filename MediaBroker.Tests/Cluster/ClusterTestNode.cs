using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MediaBroker.Tests.Cluster;

/// <summary>
/// One broker process joined to a test's Redis: on loopback ephemeral ports, or inside a network namespace on the
/// default ports of that namespace's own address. Ports are read from the broker's log either way.
/// </summary>
internal sealed class ClusterTestNode : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public const string DefaultPaths = "paths:\n  all_others:\n";

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private BrokerProcess? _broker;

    private ClusterTestNode(string host) => Host = host;

    /// <summary>The address clients use to reach this node (127.0.0.1, or the namespace's address).</summary>
    public string Host { get; }

    public ExternalProcess Process => _broker!.Process;

    public int Rtsp { get; private set; }

    public int Rtmp { get; private set; }

    public int Hls { get; private set; }

    public int Srt { get; private set; }

    public int WebRtc { get; private set; }

    public int Api { get; private set; }

    public int Metrics { get; private set; }

    /// <summary>A node on loopback ephemeral ports, advertised as 127.0.0.1; <paramref name="extra"/> adds global keys.</summary>
    public static Task<ClusterTestNode> StartAsync(string name, string redisUrl, string paths = DefaultPaths, string extra = "") =>
        StartAsync(name, "127.0.0.1", null, BrokerProcess.LoopbackListeners + "clusterAdvertise: [127.0.0.1]\n" + extra, redisUrl, paths);

    /// <summary>
    /// A node inside network namespace <paramref name="networkNamespace"/> whose address is <paramref name="host"/>: every
    /// listener on its default port, clusterAdvertise left to its default (the namespace's only non-loopback address),
    /// and the API and metrics open to the bridge (the test reads them from outside).
    /// </summary>
    public static Task<ClusterTestNode> StartInNamespaceAsync(string name, string networkNamespace, string host, string redisUrl,
        string paths = DefaultPaths, string extra = "") =>
        StartAsync(name, host, networkNamespace, """
            authInternalUsers:
            - user: any
              permissions: [{action: publish}, {action: read}, {action: playback}, {action: api}, {action: metrics}]

            """ + extra, redisUrl, paths);

    private static async Task<ClusterTestNode> StartAsync(string name, string host, string? networkNamespace, string head, string redisUrl, string paths)
    {
        var yaml = head + $"""
            api: yes
            metrics: yes
            cluster: yes
            clusterRedis: {redisUrl}
            clusterNodeName: {name}
            hlsPartDuration: 200ms
            hlsSegmentDuration: 1s
            """ + "\n" + paths;
        var node = new ClusterTestNode(host) { _broker = await BrokerProcess.StartAsync(yaml, networkNamespace: networkNamespace) };
        try
        {
            node.Rtsp = (await node._broker.ListenerAsync("RTSP")).Port;
            node.Rtmp = (await node._broker.ListenerAsync("RTMP")).Port;
            node.Hls = (await node._broker.ListenerAsync("HLS")).Port;
            node.Srt = (await node._broker.ListenerAsync("SRT")).Port;
            node.WebRtc = (await node._broker.ListenerAsync("WebRTC")).Port;
            node.Api = (await node._broker.ListenerAsync("API")).Port;
            node.Metrics = (await node._broker.ListenerAsync("metrics")).Port;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>An ffmpeg reader that stays until the stream ends or it is disposed.</summary>
    public static ExternalProcess ReadForever(string url, params string[] inputArgs) =>
        ExternalProcess.Start("/usr/bin/ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "warning", .. inputArgs, "-i", url, "-c", "copy", "-f", "null", "-"]);

    /// <summary>
    /// Starts a reader of <paramref name="path"/> that stays, and returns it with the path's item once this node counts
    /// a reader. A reader of a path pulled on demand may give up connecting before the pull is ready on a loaded machine
    /// (ffmpeg's SRT caller waits 3 s), so an attempt that ended is started again, until <see cref="Timeout"/>.
    /// </summary>
    public async Task<(ExternalProcess Reader, JsonNode Path)> StartCountedReaderAsync(string path, string url, params string[] inputArgs)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var reader = ReadForever(url, inputArgs);
            while (!reader.HasExited && DateTime.UtcNow < deadline)
            {
                if (await TryGetAsync($"/v3/paths/get/{path}") is { } item && item["readers"]?.AsArray().Count >= 1)
                {
                    return (reader, item);
                }

                await Task.Delay(200);
            }

            var output = reader.Output;
            await reader.DisposeAsync();
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{Host} never counted a reader of {path} ({url}); the last reader said: {output}");
            }
        }
    }

    private async Task<JsonNode?> TryGetAsync(string route)
    {
        try
        {
            using var res = await _http.GetAsync($"http://{Host}:{Api}{route}");
            return res.IsSuccessStatusCode ? await res.Content.ReadFromJsonAsync<JsonNode>() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public string RtspUrl(string path) => $"rtsp://{Host}:{Rtsp}/{path}";

    public string RtmpUrl(string path) => $"rtmp://{Host}:{Rtmp}/{path}";

    public string HlsUrl(string path) => $"http://{Host}:{Hls}/{path}/index.m3u8";

    public string SrtReadUrl(string path) => $"srt://{Host}:{Srt}?streamid=read:{path}";

    public Task<string> MetricsAsync() => _http.GetStringAsync($"http://{Host}:{Metrics}/metrics");

    public async Task<JsonNode?> WaitForAsync(string route, Func<JsonNode?, bool> done)
    {
        using var cts = new CancellationTokenSource(Timeout);
        JsonNode? last = null;
        while (!cts.IsCancellationRequested)
        {
            try
            {
                using var res = await _http.GetAsync($"http://{Host}:{Api}{route}", cts.Token);
                last = res.IsSuccessStatusCode ? await res.Content.ReadFromJsonAsync<JsonNode>(cts.Token) : null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not answering yet.
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                await Task.Delay(200, cts.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"{route} never matched; last answer: {last?.ToJsonString()}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_broker is { } b)
        {
            _broker = null;
            await b.DisposeAsync();
        }
    }
}
