using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;

namespace MediaBroker.Tests.Cluster;

/// <summary>
/// clusterRedirectReaders: a node that already serves enough readers of a path sends new ones to a node that has the
/// path and fewer readers, and real clients follow (ffprobe over RTSP 302, HTTP-FLV and HLS 307; a WHEP POST 307).
/// </summary>
public sealed class ClusterRedirectTests
{
    private static readonly TimeSpan Timeout = ClusterTestNode.Timeout;

    [RequiresFfmpegFact]
    public async Task NodeWithEnoughReaders_RedirectsNewReadersToTheOwner_AndClientsFollow()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var a = await ClusterTestNode.StartAsync("a", redis.Url);
        await using var b = await ClusterTestNode.StartAsync("b", redis.Url, extra: "clusterRedirectReaders: 2\n");
        await using var publisher = MediaTools.PublishH264Aac("flv", a.RtmpUrl("live/cam"), 180);
        await redis.WaitForPathOwnerAsync("live/cam", "a");

        // Four SRT readers on B (SRT cannot redirect, so all are served there, through one pull from A): B is above the
        // threshold and busier than A, whose only reader is B's pull.
        var srtReaders = new List<ExternalProcess>();
        try
        {
            await MediaTools.ProbeWhenReadyAsync(b.SrtReadUrl("live/cam"), Timeout);
            for (var i = 0; i < 4; i++)
            {
                srtReaders.Add(ClusterTestNode.ReadForever(b.SrtReadUrl("live/cam")));
            }

            await b.WaitForAsync("/v3/paths/get/live/cam", j => j?["readers"]?.AsArray().Count == 4);
            await b.WaitForAsync("/v3/cluster/nodes", j => j?["items"]?.AsArray().Any(n => n!["name"]!.GetValue<string>() == "a" && n["readers"]!.GetValue<int>() == 1) == true);

            // RTSP: a reader that stays is redirected (302) and ends up on A, next to B's pull; B keeps its four.
            await using (var rtsp = ClusterTestNode.ReadForever(b.RtspUrl("live/cam"), "-rtsp_transport", "tcp"))
            {
                var onA = await a.WaitForAsync("/v3/paths/get/live/cam", j => j?["readers"]?.AsArray().Count == 2);
                onA!["readers"]!.AsArray().Select(r => r!["type"]!.GetValue<string>()).Should().Contain("rtspSession");
                (await b.WaitForAsync("/v3/paths/get/live/cam", j => j is not null))!["readers"]!.AsArray().Should().HaveCount(4);
            }

            await a.WaitForAsync("/v3/paths/get/live/cam", j => j?["readers"]?.AsArray().Count == 1);
            var probed = await MediaTools.ProbeWhenReadyAsync(b.RtspUrl("live/cam"), Timeout);
            probed.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 0);
            Redirects(b, "rtsp").Should().BeGreaterThanOrEqualTo(2);

            // HTTP-FLV on the HLS listener: 307 to A's, followed by ffprobe.
            var flv = await MediaTools.ProbeWhenReadyAsync($"http://{b.Host}:{b.Hls}/live/cam.flv", Timeout);
            flv.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);
            Redirects(b, "hls").Should().BeGreaterThanOrEqualTo(1);

            // HLS: 307 to A; the muxer runs on A, never on B.
            var before = Redirects(b, "hls");
            var hls = await MediaTools.ProbeWhenReadyAsync(b.HlsUrl("live/cam"), Timeout);
            hls.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);
            Redirects(b, "hls").Should().BeGreaterThan(before);
            (await a.WaitForAsync("/v3/hlsmuxers/list", j => HasItem(j, "live/cam"))).Should().NotBeNull();
            HasItem(await b.WaitForAsync("/v3/hlsmuxers/list", j => j is not null), "live/cam").Should().BeFalse();

            // WHEP: the POST is answered 307 with A's WHEP URL; the client re-posts its offer there and receives video from A.
            // The session's resource (for the DELETE at the end) is relative to the node that answered: A.
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true }) { BaseAddress = new Uri($"http://{a.Host}:{a.WebRtc}/") };
            await using var viewer = new WhepTestClient(http);
            (await viewer.PostOfferAsync(new Uri($"http://{b.Host}:{b.WebRtc}/live/cam/whep"))).Should().Be(HttpStatusCode.Created, viewer.Answer);
            Redirects(b, "webrtc").Should().Be(1);
            await viewer.ConnectAsync();
            using (var cts = new CancellationTokenSource(Timeout))
            {
                while (!(viewer.Packets(102) > 20 && viewer.SawKeyFrame))
                {
                    await Task.Delay(100, cts.Token);
                }
            }

            (await a.WaitForAsync("/v3/webrtcsessions/list", j => j?["items"]?.AsArray().Count == 1)).Should().NotBeNull();
            (await b.WaitForAsync("/v3/webrtcsessions/list", j => j is not null))!["items"]!.AsArray().Should().BeEmpty();
        }
        finally
        {
            foreach (var r in srtReaders)
            {
                await r.DisposeAsync();
            }
        }
    }

    [RequiresFfmpegFact]
    public async Task RedirectsOff_ByDefault_EveryReaderIsServedWhereItAsked()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var a = await ClusterTestNode.StartAsync("a", redis.Url);
        await using var b = await ClusterTestNode.StartAsync("b", redis.Url);
        await using var publisher = MediaTools.PublishH264Aac("flv", a.RtmpUrl("live/cam"), 120);
        await redis.WaitForPathOwnerAsync("live/cam", "a");
        await using var r1 = ClusterTestNode.ReadForever(b.RtspUrl("live/cam"), "-rtsp_transport", "tcp");
        await using var r2 = ClusterTestNode.ReadForever(b.RtspUrl("live/cam"), "-rtsp_transport", "tcp");
        await using var r3 = ClusterTestNode.ReadForever(b.RtspUrl("live/cam"), "-rtsp_transport", "tcp");
        await b.WaitForAsync("/v3/paths/get/live/cam", j => j?["readers"]?.AsArray().Count == 3);
        (await a.WaitForAsync("/v3/paths/get/live/cam", j => j is not null))!["readers"]!.AsArray().Should().ContainSingle();
        Redirects(b, "rtsp").Should().Be(0);
    }

    /// <summary>How many new readers over <paramref name="endpoint"/> the node logged as redirected.</summary>
    private static int Redirects(ClusterTestNode node, string endpoint) =>
        node.Process.Output.Split('\n').Count(l => l.Contains($"a new {endpoint} reader of path live/cam is redirected to node a", StringComparison.Ordinal));

    private static bool HasItem(JsonNode? list, string name) =>
        list?["items"]?.AsArray().Any(i => i?["path"]?.GetValue<string>() == name) == true;
}
