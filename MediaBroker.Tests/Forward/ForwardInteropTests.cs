using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Forward;

/// <summary>
/// <c>forward:</c> in the real executable: ffmpeg publishes RTSP to broker A, A forwards over RTMP to a second broker
/// (or nginx-rtmp), ffprobe decodes what the destination serves; the API and metrics of A show the destination; the
/// destination restarts and the forward resumes; a forward added through the API while publishing starts without
/// disturbing the publisher.
/// </summary>
public sealed partial class ForwardInteropTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    [RequiresFfmpegFact]
    public async Task RtspToRtmpBroker_DestinationPlays_ApiAndMetricsShowIt_ResumesAfterDestinationRestart()
    {
        var destination = await StartDestinationAsync(0);
        try
        {
            var destRtmp = (await destination.ListenerAsync("RTMP")).Port;
            await using var source = await BrokerProcess.StartAsync(SourceYaml($"rtmp://127.0.0.1:{destRtmp}/fwd/$MTX_PATH"));
            var api = await AdminUrlAsync(source, "API");
            var metrics = await AdminUrlAsync(source, "metrics");
            var rtsp = (await source.ListenerAsync("RTSP")).Port;
            await using var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/cam", 120, "-rtsp_transport", "tcp");

            await ProbeDestinationAsync(destination, "fwd/cam");
            var dest = (await PollForwardsAsync(api, "cam", d => d.Count == 1 && State(d[0]) == "forwarding" && Bytes(d[0]) > 0))[0]!;
            dest["protocol"]!.GetValue<string>().Should().Be("rtmp");
            dest["pos"]!.GetValue<int>().Should().Be(0);
            dest["conf"]!["dest"]!.GetValue<string>().Should().Be($"rtmp://127.0.0.1:{destRtmp}/fwd/$MTX_PATH", "conf is the item as configured");
            dest["lastError"]!.GetValue<string>().Should().BeEmpty();
            var id = dest["id"]!.GetValue<string>();
            Guid.TryParse(id, out _).Should().BeTrue();
            DateTime.Parse(dest["created"]!.GetValue<string>(), CultureInfo.InvariantCulture).Should().BeBefore(DateTime.Now.AddMinutes(1));

            var one = JsonNode.Parse(await _http.GetStringAsync(new Uri($"{api}/v3/paths/forward/get?path=cam&id={id}")))!;
            one["id"]!.GetValue<string>().Should().Be(id);
            (await StatusAsync($"{api}/v3/paths/forward/get?path=cam&id=nope")).Should().Be(HttpStatusCode.BadRequest);
            (await StatusAsync($"{api}/v3/paths/forward/get?path=cam&id={Guid.NewGuid()}")).Should().Be(HttpStatusCode.NotFound);
            (await StatusAsync($"{api}/v3/paths/forward/list?path=nosuchpath")).Should().Be(HttpStatusCode.NotFound);
            (await StatusAsync($"{api}/v3/paths/forward/list")).Should().Be(HttpStatusCode.BadRequest);

            var text = await _http.GetStringAsync(new Uri($"{metrics}/metrics?type=forward_dests"));
            text.Should().Contain($"forward_dests{{id=\"{id}\",path=\"cam\",protocol=\"rtmp\",state=\"forwarding\"}} 1\n");
            BytesMetric(text, id).Should().BeGreaterThan(0);
            (await _http.GetStringAsync(new Uri($"{metrics}/metrics?forward_dest={Guid.NewGuid()}"))).Should().NotContain("forward_dests{");

            // The destination goes away: the forward shows the error and keeps retrying; the same port comes back.
            await destination.DisposeAsync();
            await PollForwardsAsync(api, "cam", d => d.Count == 1 && State(d[0]) == "error" && d[0]!["lastError"]!.GetValue<string>().Length > 0);
            destination = await StartDestinationAsync(destRtmp);
            await ProbeDestinationAsync(destination, "fwd/cam");
            var resumed = (await PollForwardsAsync(api, "cam", d => d.Count == 1 && State(d[0]) == "forwarding"))[0]!;
            resumed["id"]!.GetValue<string>().Should().Be(id, "the same destination reconnected");
            publisher.HasExited.Should().BeFalse("the publisher never noticed");
        }
        finally
        {
            await destination.DisposeAsync();
        }
    }

    [RequiresFfmpegFact]
    public async Task ForwardAddedThroughApi_WhilePublishing_NewDestinationGetsMedia_PublisherAndFirstForwardUntouched()
    {
        await using var destination = await StartDestinationAsync(0);
        var destRtmp = (await destination.ListenerAsync("RTMP")).Port;
        await using var source = await BrokerProcess.StartAsync(SourceYaml($"rtmp://127.0.0.1:{destRtmp}/one/cam"));
        var api = await AdminUrlAsync(source, "API");
        var rtsp = (await source.ListenerAsync("RTSP")).Port;
        await using var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/cam", 120, "-rtsp_transport", "tcp");
        var first = (await PollForwardsAsync(api, "cam", d => d.Count == 1 && State(d[0]) == "forwarding"))[0]!["id"]!.GetValue<string>();
        var sourceId = await SourceIdAsync(api, "cam");

        var patch = new JsonObject
        {
            ["forward"] = new JsonArray(
                new JsonObject { ["dest"] = $"rtmp://127.0.0.1:{destRtmp}/one/cam" },
                new JsonObject { ["dest"] = $"rtmp://127.0.0.1:{destRtmp}/two/$MTX_PATH" }),
        };
        using (var response = await _http.PatchAsync(new Uri($"{api}/v3/config/paths/patch/cam"),
            new StringContent(patch.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var dests = await PollForwardsAsync(api, "cam", d => d.Count == 2 && d.All(x => State(x) == "forwarding"));
        dests[0]!["id"]!.GetValue<string>().Should().Be(first, "the unchanged item kept running");
        dests[1]!["conf"]!["dest"]!.GetValue<string>().Should().EndWith("/two/$MTX_PATH");
        await ProbeDestinationAsync(destination, "two/cam");
        (await SourceIdAsync(api, "cam")).Should().Be(sourceId, "the publisher was not disconnected");
        publisher.HasExited.Should().BeFalse();
    }

    [RequiresFfmpegFact]
    public async Task UnreachableDestination_ShowsErrorWithReason_PublisherUnaffected()
    {
        await using var source = await BrokerProcess.StartAsync(SourceYaml($"rtsp://127.0.0.1:{FreeTcpPort()}/x"));
        var api = await AdminUrlAsync(source, "API");
        var rtsp = (await source.ListenerAsync("RTSP")).Port;
        await using var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/cam", 60, "-rtsp_transport", "tcp");
        var dest = (await PollForwardsAsync(api, "cam", d => d.Count == 1 && State(d[0]) == "error"))[0]!;
        dest["protocol"]!.GetValue<string>().Should().Be("rtsp");
        dest["lastError"]!.GetValue<string>().Should().NotBeEmpty();
        JsonNode.Parse(await _http.GetStringAsync(new Uri($"{api}/v3/paths/get/cam")))!["ready"]!.GetValue<bool>().Should().BeTrue();
        publisher.HasExited.Should().BeFalse();
    }

    /// <summary>
    /// An RTMP publisher's path forwarded to a second broker over each other scheme; what the destination serves over
    /// RTSP decodes. WHIP carries the H264 only (AAC is not a WebRTC codec: left out with a warning).
    /// </summary>
    [RequiresFfmpegTheory]
    [InlineData("rtsp")]
    [InlineData("srt")]
    [InlineData("whip")]
    public async Task RtmpPublisher_ForwardedToSecondBroker_DestinationDecodes(string scheme)
    {
        await using var destination = await StartDestinationAsync(0);
        string dest = scheme switch
        {
            "rtsp" => $"rtsp://127.0.0.1:{(await destination.ListenerAsync("RTSP")).Port}/fwd/$MTX_PATH",
            "srt" => $"srt://127.0.0.1:{(await destination.ListenerAsync("SRT")).Port}?streamid=publish:fwd/$MTX_PATH",
            _ => $"whip://{WebRtcHttp().Match(await destination.Process.WaitForLineAsync(l => l.Contains("(ICE/UDP)", StringComparison.Ordinal), Timeout)).Groups[1].Value}/fwd/$MTX_PATH/whip",
        };
        await using var source = await BrokerProcess.StartAsync(SourceYaml(dest));
        var api = await AdminUrlAsync(source, "API");
        var rtmp = (await source.ListenerAsync("RTMP")).Port;
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/cam", 120);

        var item = (await PollForwardsAsync(api, "cam", d => d.Count == 1 && State(d[0]) == "forwarding" && Bytes(d[0]) > 0))[0]!;
        item["protocol"]!.GetValue<string>().Should().Be(scheme);
        var destRtsp = (await destination.ListenerAsync("RTSP")).Port;
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{destRtsp}/fwd/cam", Timeout, 2, "-rtsp_transport", "tcp");
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10);
        if (scheme == "whip")
        {
            streams.Should().NotContain(s => s.Codec == "aac");
            item["lastError"]!.GetValue<string>().Should().StartWith("WebRTC cannot carry MPEG-4 Audio", "the left-out track is reported while forwarding");
        }
        else
        {
            streams.Should().Contain(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames > 10);
            item["lastError"]!.GetValue<string>().Should().BeEmpty();
        }

        publisher.HasExited.Should().BeFalse();
    }

    [RequiresNginxRtmpFact]
    public async Task RtspToNginxRtmp_NginxServesTheStream()
    {
        var port = FreeTcpPort();
        var dir = Path.Combine(Path.GetTempPath(), "mb-nginx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), NginxConf(dir, port));
            await using var nginx = ExternalProcess.Start(RequiresNginxRtmpFactAttribute.NginxPath, ["-p", dir, "-c", Path.Combine(dir, "nginx.conf")], dir);
            await using var source = await BrokerProcess.StartAsync(SourceYaml($"rtmp://127.0.0.1:{port}/live/$MTX_PATH"));
            var api = await AdminUrlAsync(source, "API");
            var rtsp = (await source.ListenerAsync("RTSP")).Port;
            await using var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/cam", 120, "-rtsp_transport", "tcp");
            await PollForwardsAsync(api, "cam", d => d.Count == 1 && State(d[0]) == "forwarding" && Bytes(d[0]) > 0);
            var streams = await MediaTools.ProbeWhenReadyAsync($"rtmp://127.0.0.1:{port}/live/cam", Timeout, 3);
            streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10, nginx.Output);
            streams.Should().Contain(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames > 10, nginx.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string SourceYaml(string dest) => BrokerProcess.LoopbackListeners + $"""
        api: yes
        metrics: yes
        paths:
          cam:
            forward:
            - dest: {dest}

        """;

    /// <summary>A broker that accepts any publish; on a fixed RTMP port when <paramref name="rtmpPort"/> is not 0.</summary>
    private static Task<BrokerProcess> StartDestinationAsync(int rtmpPort) => BrokerProcess.StartAsync(
        BrokerProcess.LoopbackListeners.Replace("rtmpAddress: 127.0.0.1:0", $"rtmpAddress: 127.0.0.1:{rtmpPort}", StringComparison.Ordinal)
        + "paths:\n  all_others:\n");

    private static async Task ProbeDestinationAsync(BrokerProcess destination, string path)
    {
        var rtsp = (await destination.ListenerAsync("RTSP")).Port;
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp}/{path}", Timeout, 2, "-rtsp_transport", "tcp");
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10);
        streams.Should().Contain(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames > 10);
    }

    private static string State(JsonNode? d) => d!["state"]!.GetValue<string>();

    private static long Bytes(JsonNode? d) => d!["outboundBytes"]!.GetValue<long>();

    private static double BytesMetric(string text, string id)
    {
        var m = Regex.Match(text, $"forward_dests_outbound_bytes\\{{id=\"{id}\",[^}}]*\\}} (\\d+)");
        m.Success.Should().BeTrue(text);
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private async Task<HttpStatusCode> StatusAsync(string url)
    {
        using var response = await _http.GetAsync(new Uri(url));
        return response.StatusCode;
    }

    private async Task<string> SourceIdAsync(string api, string path) =>
        JsonNode.Parse(await _http.GetStringAsync(new Uri($"{api}/v3/paths/get/{path}")))!["source"]!["id"]!.GetValue<string>();

    private async Task<List<JsonNode?>> PollForwardsAsync(string api, string path, Func<List<JsonNode?>, bool> done)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var last = "";
        while (true)
        {
            using var response = await _http.GetAsync(new Uri($"{api}/v3/paths/forward/list?path={path}"));
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                var items = JsonNode.Parse(last)!["items"]!.AsArray().ToList();
                if (done(items))
                {
                    return items;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the forward list of {path} never matched; last: {last}");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<string> AdminUrlAsync(BrokerProcess broker, string server)
    {
        var line = await broker.Process.WaitForLineAsync(l => l.Contains($"[{server}] listener opened on", StringComparison.Ordinal), Timeout);
        return "http://" + EndPoint().Match(line).Value;
    }

    private static int FreeTcpPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string NginxConf(string dir, int port) => $$"""
        load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{dir}}/nginx.pid;
        error_log stderr warn;
        events { worker_connections 256; }
        rtmp {
            server {
                listen 127.0.0.1:{{port}};
                application live {
                    live on;
                    record off;
                }
            }
        }
        """;

    [GeneratedRegex(@"listener opened on (\S+) \(HTTP\)")]
    private static partial Regex WebRtcHttp();

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex EndPoint();
}
