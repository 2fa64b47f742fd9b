using System.Globalization;
using System.Net;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;

namespace MediaBroker.Tests.Triggers;

/// <summary>
/// CONN_OPEN, CONN_CLOSE and USER_END for the connections without a socket of their own: an HTTP-FLV response, an HLS
/// viewer session and a WHEP session, in the real broker with real clients and the HTTP trigger server of the test.
/// </summary>
public sealed class TriggerViewerConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RequiresFfmpegFact]
    public async Task HttpFlvHlsAndWhepReaders_OpenThenClose_ADenyingConnOpenRefusesEach()
    {
        await using var server = TriggerTestServer.Start((trigger, payload) =>
            trigger == "CONN_OPEN" ? payload.Contains("deny=1", StringComparison.Ordinal) ? "false" : "true" : "");
        var yaml = BrokerProcess.LoopbackListeners + $$"""
            api: yes
            triggers:
              - {trigger: CONN_OPEN, handler: '{{server.Url}}', sync: yes}
              - {trigger: CONN_CLOSE, handler: '{{server.Url}}', sync: no}
              - {trigger: USER_END, handler: '{{server.Url}}', sync: no}
              - {trigger: CONN_PLAY, handler: '{{server.Url}}', sync: no}
            paths:
              all_others:
            """;
        await using var broker = await BrokerProcess.StartAsync(yaml);
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var hls = await broker.ListenerAsync("HLS");
        var webrtc = await broker.ListenerAsync("WebRTC");
        var api = await broker.ListenerAsync("API");
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/cam");
        await broker.Process.WaitForLineAsync(l => l.Contains("live/cam", StringComparison.Ordinal) && l.Contains("ready", StringComparison.Ordinal), Timeout);
        using var http = new HttpClient { Timeout = Timeout };

        // HTTP-FLV: the response is the connection; it closes when ffprobe stops reading.
        var flv = await MediaTools.ProbeAsync($"http://{hls}/live/cam.flv?viewer=flv", 2);
        flv.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);
        AssertConnection(await server.WaitForAsync("CONN_OPEN", l => l[3].Contains("viewer=flv", StringComparison.Ordinal), Timeout), "hls");
        AssertConnection(await server.WaitForAsync("CONN_CLOSE", l => l[3].Contains("viewer=flv", StringComparison.Ordinal), Timeout), "hls");
        AssertUserEnd(await server.WaitForAsync("USER_END", l => l[2] == "hls", Timeout), "hls", sentMoreThan: 10_000);

        // HLS: the viewer session is the connection; it closes when the session ends (kicked here, or 30 s without requests).
        var hlsStreams = await MediaTools.ProbeAsync($"http://{hls}/live/cam/index.m3u8?viewer=hls", 2);
        hlsStreams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);
        AssertConnection(await server.WaitForAsync("CONN_OPEN", l => l[3].Contains("viewer=hls", StringComparison.Ordinal), Timeout), "hls");
        server.Payloads("CONN_CLOSE").Should().NotContain(l => l[3].Contains("viewer=hls", StringComparison.Ordinal), "the session is still open");
        var list = await http.GetStringAsync(new Uri($"http://{api}/v3/hlssessions/list"));
        string? id;
        using (var doc = JsonDocument.Parse(list))
        {
            id = doc.RootElement.GetProperty("items")[0].GetProperty("id").GetString();
        }

        using (var kick = await http.PostAsync(new Uri($"http://{api}/v3/hlssessions/kick/{id}"), null))
        {
            kick.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        AssertConnection(await server.WaitForAsync("CONN_CLOSE", l => l[3].Contains("viewer=hls", StringComparison.Ordinal), Timeout), "hls");
        await WaitUntilAsync(() => server.Payloads("USER_END").Count(l => l[2] == "hls") >= 2, "USER_END of the HLS session");
        AssertUserEnd(server.Payloads("USER_END").Where(l => l[2] == "hls").Last(), "hls", sentMoreThan: 10_000);

        // WHEP: the session is the connection, from its offer to its DELETE.
        using var whepHttp = new HttpClient { BaseAddress = new Uri($"http://{webrtc}/"), Timeout = Timeout };
        await using (var viewer = new WhepTestClient(whepHttp))
        {
            (await viewer.PostOfferAsync(new Uri($"http://{webrtc}/live/cam/whep?viewer=whep"))).Should().Be(HttpStatusCode.Created, viewer.Answer);
            await viewer.ConnectAsync().WaitAsync(Timeout);
            await WaitUntilAsync(() => viewer.Packets(102) >= 20, "H264 over WHEP");
            AssertConnection(await server.WaitForAsync("CONN_OPEN", l => l[3].Contains("viewer=whep", StringComparison.Ordinal), Timeout), "webrtc");
        }

        AssertConnection(await server.WaitForAsync("CONN_CLOSE", l => l[3].Contains("viewer=whep", StringComparison.Ordinal), Timeout), "webrtc");
        AssertUserEnd(await server.WaitForAsync("USER_END", l => l[2] == "webrtc", Timeout), "webrtc", sentMoreThan: 1_000);

        // A negative CONN_OPEN refuses each kind of reader as an auth failure, before CONN_PLAY.
        using (var refused = await http.GetAsync(new Uri($"http://{hls}/live/cam.flv?deny=1"), HttpCompletionOption.ResponseHeadersRead))
        {
            refused.StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        }

        using (var refused = await http.GetAsync(new Uri($"http://{hls}/live/cam/index.m3u8?deny=1")))
        {
            refused.StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        }

        await using (var viewer = new WhepTestClient(whepHttp))
        {
            (await viewer.PostOfferAsync(new Uri($"http://{webrtc}/live/cam/whep?deny=1"))).Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        }

        var denied = server.Payloads("CONN_OPEN").Where(l => l[3].Contains("deny=1", StringComparison.Ordinal)).ToList();
        denied.Select(l => l[2]).Should().BeEquivalentTo(["hls", "hls", "webrtc"]);
        server.Payloads("CONN_PLAY").Should().NotContain(l => l[3].Contains("deny=1", StringComparison.Ordinal));
    }

    /// <summary>CONN_OPEN / CONN_CLOSE: stream, address, protocol, request URL.</summary>
    private static void AssertConnection(string[] lines, string protocol)
    {
        lines.Should().HaveCount(4);
        lines[0].Should().Be("live/cam");
        lines[1].Should().Be("127.0.0.1");
        lines[2].Should().Be(protocol);
        lines[3].Should().StartWith("http://").And.Contain("/live/cam?");
    }

    /// <summary>USER_END: session id, stream, protocol, address, duration, uploaded (sent) bytes, downloaded bytes, tags.</summary>
    private static void AssertUserEnd(string[] lines, string protocol, long sentMoreThan)
    {
        lines.Should().HaveCount(8);
        lines[0].Should().MatchRegex("^[0-9a-f]{16}$");
        lines[1].Should().Be("live/cam");
        lines[2].Should().Be(protocol);
        lines[3].Should().Be("127.0.0.1");
        long.Parse(lines[4], CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(0);
        long.Parse(lines[5], CultureInfo.InvariantCulture).Should().BeGreaterThan(sentMoreThan);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            await Task.Delay(100);
        }
    }
}
