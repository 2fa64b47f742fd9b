using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Cluster;

/// <summary>
/// Three brokers on three hosts: each in its own network namespace with its own address on a bridge, on the default
/// ports, advertising the address they find themselves; Redis listens on the bridge. Needs root and iproute2
/// (installed by .ci/run): without them the test fails.
/// </summary>
public sealed class ClusterNamespaceTests
{
    private static readonly TimeSpan Timeout = ClusterTestNode.Timeout;

    [RequiresFfmpegFact]
    public async Task ThreeNodes_ServeAPathPublishedOnA_OverRtspHlsAndSrt_AndARepublishOnBAfterAIsKilled()
    {
        await using var net = await NetworkNamespaces.CreateAsync(3);
        await using var redis = await RedisServerProcess.StartAsync(net.HostAddress);
        var a = await ClusterTestNode.StartInNamespaceAsync("a", net.Names[0], net.AddressOf(0), redis.Url);
        await using var b = await ClusterTestNode.StartInNamespaceAsync("b", net.Names[1], net.AddressOf(1), redis.Url);
        await using var c = await ClusterTestNode.StartInNamespaceAsync("c", net.Names[2], net.AddressOf(2), redis.Url);
        try
        {
            a.Rtsp.Should().Be(8554, "each node has a host of its own: default ports everywhere");
            await using var publisher = MediaTools.PublishH264Aac("flv", a.RtmpUrl("live/cam"), 180);
            await redis.WaitForPathOwnerAsync("live/cam", "a");
            // Each node advertises its own namespace address (the default: its first non-loopback IPv4).
            var nodes = await c.WaitForAsync("/v3/cluster/nodes", j => j?["items"]?.AsArray().Count == 3);
            nodes!["items"]!.AsArray().Select(n => n!["advertise"]![0]!.GetValue<string>())
                .Should().BeEquivalentTo([$"{a.Host}:8554", $"{b.Host}:8554", $"{c.Host}:8554"]);

            var rtsp = await MediaTools.ProbeWhenReadyAsync(b.RtspUrl("live/cam"), Timeout);
            rtsp.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 0);
            rtsp.Should().Contain(s => s.Codec == "aac" && s.Frames > 0);
            var hls = await MediaTools.ProbeWhenReadyAsync(c.HlsUrl("live/cam"), Timeout);
            hls.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 0);
            var srt = await MediaTools.ProbeWhenReadyAsync(c.SrtReadUrl("live/cam"), Timeout);
            srt.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 0);
            srt.Should().Contain(s => s.Codec == "aac" && s.Frames > 0);

            // Readers that stay: B over RTSP, C over SRT; both nodes pull from A's address.
            var (readerOnB, pathOnB) = await b.StartCountedReaderAsync("live/cam", b.RtspUrl("live/cam"), "-rtsp_transport", "tcp");
            await using var onB = readerOnB;
            var (readerOnC, pathOnC) = await c.StartCountedReaderAsync("live/cam", c.SrtReadUrl("live/cam"));
            await using var onC = readerOnC;
            pathOnB["clusterNode"]!.GetValue<string>().Should().Be("a");
            pathOnC["clusterNode"]!.GetValue<string>().Should().Be("a");
            var onA = await a.WaitForAsync("/v3/paths/get/live/cam", j => j?["readers"]?.AsArray().Count == 2);
            onA!["readers"]!.AsArray().Should().HaveCount(2, "one pull per node, whatever its readers");

            // A dies without cleaning up: both readers see the path end, and A's lease expires.
            await a.DisposeAsync();
            await onB.WaitForExitAsync(Timeout);
            await onC.WaitForExitAsync(Timeout);
            await redis.WaitForPathOwnerAsync("live/cam", null);

            // Re-published on B: new readers on C get it from B, over HLS and SRT.
            await using var republisher = MediaTools.PublishH264Aac("flv", b.RtmpUrl("live/cam"), 180);
            await redis.WaitForPathOwnerAsync("live/cam", "b");
            var srtAgain = await MediaTools.ProbeWhenReadyAsync(c.SrtReadUrl("live/cam"), Timeout);
            srtAgain.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 0);
            var hlsAgain = await MediaTools.ProbeWhenReadyAsync(c.HlsUrl("live/cam"), Timeout);
            hlsAgain.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);
            (await c.WaitForAsync("/v3/paths/get/live/cam", j => j?["clusterNode"]?.GetValue<string>() == "b")).Should().NotBeNull();
        }
        finally
        {
            await a.DisposeAsync();
        }
    }
}
