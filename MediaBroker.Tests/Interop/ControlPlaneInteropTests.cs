using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Interop;

/// <summary>
/// The protocol resources of the REST API and /metrics, and runOnConnect, seen from outside: the real executable with ffmpeg
/// publishing over RTMP and RTSP and reading each path over the other protocol.
/// </summary>
public sealed partial class ControlPlaneInteropTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _hookDir = Path.Combine(Path.GetTempPath(), "mb-hooks-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public ControlPlaneInteropTests() => Directory.CreateDirectory(_hookDir);

    [Fact]
    public async Task ApiMetricsHooks_RtmpAndRtspClients_ListedLabelledKickableAndHooked()
    {
        await using var broker = await BrokerProcess.StartAsync(await ConfigAsync("paths:\n  rtmpcam:\n  rtspcam:\n"));
        var rtmp = $"rtmp://127.0.0.1:{(await broker.ListenerAsync("RTMP")).Port}";
        var rtsp = $"rtsp://127.0.0.1:{(await broker.ListenerAsync("RTSP")).Port}";
        var api = await AdminUrlAsync(broker, "API");
        var metrics = await AdminUrlAsync(broker, "metrics");

        foreach (var disabled in (string[])["rtspsconns", "rtspssessions", "rtmpsconns"])
        {
            using var off = await _http.GetAsync(new Uri($"{api}/v3/{disabled}/list"));
            off.StatusCode.Should().Be(HttpStatusCode.NotFound, "as MediaMTX, a disabled server's routes do not exist ({0})", disabled);
        }

        await using var rtmpPublisher = MediaTools.PublishH264Aac("flv", $"{rtmp}/rtmpcam");
        await using var rtspPublisher = MediaTools.PublishH264Aac("rtsp", $"{rtsp}/rtspcam", 60, "-rtsp_transport", "tcp");
        (await MediaTools.ProbeWhenReadyAsync($"{rtsp}/rtmpcam", Timeout, 2, "-rtsp_transport", "tcp"))
            .Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10);
        (await MediaTools.ProbeWhenReadyAsync($"{rtmp}/rtspcam", Timeout))
            .Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 10);
        await using var rtspReader = ExternalProcess.Start("/usr/bin/ffmpeg",
            ["-nostdin", "-v", "warning", "-rtsp_transport", "tcp", "-i", $"{rtsp}/rtmpcam", "-f", "null", "-"]);
        await using var rtmpReader = ExternalProcess.Start("/usr/bin/ffmpeg", ["-nostdin", "-v", "warning", "-i", $"{rtmp}/rtspcam", "-f", "null", "-"]);

        var rtmpConns = await PollItemsAsync($"{api}/v3/rtmpconns/list",
            items => items.Any(i => Is(i, "publish", "rtmpcam")) && items.Any(i => Is(i, "read", "rtspcam")));
        var rtspSessions = await PollItemsAsync($"{api}/v3/rtspsessions/list",
            items => items.Any(i => Is(i, "publish", "rtspcam")) && items.Any(i => Is(i, "read", "rtmpcam")));
        rtspSessions.Should().OnlyContain(s => s!["transport"]!.GetValue<string>() == "TCP" && s["conns"]!.AsArray().Count == 1);
        var paths = await PollItemsAsync($"{api}/v3/paths/list", items => items.Count(i => i!["ready"]!.GetValue<bool>()) == 2);
        paths.Single(p => p!["name"]!.GetValue<string>() == "rtmpcam")!["source"]!["type"]!.GetValue<string>().Should().Be("rtmpConn");
        paths.Single(p => p!["name"]!.GetValue<string>() == "rtspcam")!["source"]!["type"]!.GetValue<string>().Should().Be("rtspSession");

        var rtmpPub = rtmpConns.First(i => Is(i, "publish", "rtmpcam"))!;
        var rtspRead = rtspSessions.First(i => Is(i, "read", "rtmpcam"))!;
        var text = await _http.GetStringAsync(new Uri($"{metrics}/metrics"));
        text.Should().MatchRegex(
            $"rtmp_conns\\{{id=\"{rtmpPub["id"]}\",path=\"rtmpcam\",remoteAddr=\"127\\.0\\.0\\.1:\\d+\",state=\"publish\"\\}} 1\n");
        text.Should().MatchRegex(
            $"rtsp_sessions\\{{id=\"{rtspRead["id"]}\",path=\"rtmpcam\",remoteAddr=\"127\\.0\\.0\\.1:\\d+\",state=\"read\"\\}} 1\n");
        InboundBytes(text, "rtmp_conns_inbound_bytes", rtmpPub["id"]!.ToString()).Should().BeGreaterThan(0);

        var env = await File.ReadAllTextAsync(await PollFileAsync($"conn-{rtmpPub["id"]}.env"));
        env.Should().Contain("MTX_CONN_TYPE=rtmpConn").And.Contain($"MTX_CONN_ID={rtmpPub["id"]}");
        var rtspConnId = rtspRead["conns"]![0]!.ToString();
        (await File.ReadAllTextAsync(await PollFileAsync($"conn-{rtspConnId}.env"))).Should().Contain("MTX_CONN_TYPE=rtspConn");

        using var kick = await _http.PostAsync(new Uri($"{api}/v3/rtspsessions/kick/{rtspRead["id"]}"), null);
        kick.StatusCode.Should().Be(HttpStatusCode.OK);
        await rtspReader.WaitForExitAsync(Timeout);
        await PollItemsAsync($"{api}/v3/rtspsessions/list", items => !items.Any(i => i!["id"]!.ToString() == rtspRead["id"]!.ToString()));
        await PollFileAsync($"closed-{rtspConnId}");
        rtmpReader.HasExited.Should().BeFalse("kicking one session leaves the other clients alone");
        rtmpPublisher.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task ApiMetricsHooks_SrtPublisher_ListedLabelledAndHooked()
    {
        await using var broker = await BrokerProcess.StartAsync(await ConfigAsync("paths:\n  srtcam:\n"));
        var srt = (await broker.ListenerAsync("SRT")).Port;
        var rtsp = $"rtsp://127.0.0.1:{(await broker.ListenerAsync("RTSP")).Port}";
        var api = await AdminUrlAsync(broker, "API");
        var metrics = await AdminUrlAsync(broker, "metrics");

        await using var publisher = MediaTools.PublishH264Aac("mpegts", $"srt://127.0.0.1:{srt}?streamid=publish:srtcam&pkt_size=1316");
        (await MediaTools.ProbeWhenReadyAsync($"{rtsp}/srtcam", Timeout, 2, "-rtsp_transport", "tcp"))
            .Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 10);

        var conn = (await PollItemsAsync($"{api}/v3/srtconns/list", items => items.Any(i => Is(i, "publish", "srtcam")))).Single()!;
        conn["packetsReceived"]!.GetValue<long>().Should().BeGreaterThan(0);
        conn.AsObject().Should().ContainKeys("msRTT", "mbpsReceiveRate", "bytesAvailReceiveBuf", "outboundFramesDiscarded");
        var text = await _http.GetStringAsync(new Uri($"{metrics}/metrics?type=srt_conns"));
        text.Should().StartWith("# SRT connections\n").And.MatchRegex(
            $"srt_conns\\{{id=\"{conn["id"]}\",path=\"srtcam\",remoteAddr=\"127\\.0\\.0\\.1:\\d+\",state=\"publish\"\\}} 1\n");
        text.Should().NotContain("rtmp_conns", "type= selects one section");
        (await File.ReadAllTextAsync(await PollFileAsync($"conn-{conn["id"]}.env"))).Should().Contain("MTX_CONN_TYPE=srtConn");
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_hookDir, true);
    }

    /// <summary>API and metrics on, and runOnConnect/runOnDisconnect scripts that record each connection in the hook folder.</summary>
    private async Task<string> ConfigAsync(string paths)
    {
        var onConnect = Path.Combine(_hookDir, "connect.sh");
        var onDisconnect = Path.Combine(_hookDir, "disconnect.sh");
        await File.WriteAllTextAsync(onConnect, $"env > \"{_hookDir}/conn-$MTX_CONN_ID.env\"\n");
        await File.WriteAllTextAsync(onDisconnect, $"touch \"{_hookDir}/closed-$MTX_CONN_ID\"\n");
        return BrokerProcess.LoopbackListeners + $"api: yes\nmetrics: yes\nrunOnConnect: /bin/sh {onConnect}\n" +
            $"runOnDisconnect: /bin/sh {onDisconnect}\n" + paths;
    }

    private static bool Is(JsonNode? item, string state, string path) =>
        item!["state"]!.GetValue<string>() == state && item["path"]!.GetValue<string>() == path;

    private static double InboundBytes(string text, string series, string id)
    {
        var m = Regex.Match(text, $"{series}\\{{id=\"{id}\"[^}}]*\\}} (\\d+)");
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static async Task<string> AdminUrlAsync(BrokerProcess broker, string server)
    {
        var line = await broker.Process.WaitForLineAsync(l => l.Contains($"[{server}] listener opened on", StringComparison.Ordinal), Timeout);
        return "http://" + EndPoint().Match(line).Value;
    }

    private async Task<List<JsonNode?>> PollItemsAsync(string url, Func<List<JsonNode?>, bool> done)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var items = JsonNode.Parse(await _http.GetStringAsync(new Uri(url)))!["items"]!.AsArray().ToList();
            if (done(items))
            {
                return items;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{url} never matched; last: {string.Join(", ", items)}");
            }

            await Task.Delay(200);
        }
    }

    private async Task<string> PollFileAsync(string name)
    {
        var path = Path.Combine(_hookDir, name);
        var deadline = DateTime.UtcNow + Timeout;
        while (!File.Exists(path) || new FileInfo(path).Length == 0 && name.EndsWith(".env", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"hook never wrote {name}; files: {string.Join(", ", Directory.GetFiles(_hookDir))}");
            }

            await Task.Delay(200);
        }

        return path;
    }

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex EndPoint();
}
