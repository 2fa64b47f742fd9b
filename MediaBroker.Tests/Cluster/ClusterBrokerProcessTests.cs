using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using StackExchange.Redis;
using Xunit;

namespace MediaBroker.Tests.Cluster;

/// <summary>
/// Real brokers joined through a real redis-server: ffmpeg publishes to one node, ffprobe and ffmpeg read from
/// another, nodes die and Redis restarts under them.
/// </summary>
public sealed class ClusterBrokerProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RequiresFfmpegFact]
    public async Task ReaderOnB_PullsThePathPublishedOnA_OverRtspAndHls_AndRepublishOnBWorksAfterAIsKilled()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        var a = await ClusterTestNode.StartAsync("a", redis.Url);
        await using var b = await ClusterTestNode.StartAsync("b", redis.Url);
        try
        {
            await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{a.Rtmp}/live/cam", 120);
            await b.WaitForAsync("/v3/cluster/nodes", j => j?["items"]?.AsArray().Count == 2);
            await redis.WaitForPathOwnerAsync("live/cam", "a");

            var rtsp = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{b.Rtsp}/live/cam", Timeout);
            rtsp.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 0);
            rtsp.Should().Contain(s => s.Codec == "aac" && s.Frames > 0);
            var hls = await MediaTools.ProbeWhenReadyAsync($"http://127.0.0.1:{b.Hls}/live/cam/index.m3u8", Timeout);
            hls.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);

            // B has two readers (ffmpeg and its HLS muxer) on one pull, shown as owned by A; the directory still says A
            // (B never registers what it pulls).
            await using var reader = ClusterTestNode.ReadForever($"rtsp://127.0.0.1:{b.Rtsp}/live/cam", "-rtsp_transport", "tcp");
            var item = await b.WaitForAsync("/v3/paths/get/live/cam", j => j?["ready"]?.GetValue<bool>() == true && j["readers"]?.AsArray().Count >= 2);
            item!["clusterNode"]!.GetValue<string>().Should().Be("a");
            item["source"]!["type"]!.GetValue<string>().Should().Be("rtspSource");
            (await redis.PathOwnerAsync("live/cam")).Should().Be("a");
            var onA = await a.WaitForAsync("/v3/paths/get/live/cam", j => j?["readers"]?.AsArray().Count >= 1);
            onA!["readers"]!.AsArray().Should().ContainSingle("B's readers share one pull from A");

            // Each node lists both with their load, from the heartbeats: A counts B's pull as its reader and receives the
            // publisher's bytes; B counts its own readers; /metrics on B says the same per node.
            var nodes = await b.WaitForAsync("/v3/cluster/nodes", j => j?["items"]?.AsArray().Any(n =>
                n!["name"]!.GetValue<string>() == "a" && n["readers"]!.GetValue<int>() >= 1 && n["inboundBytesPerSecond"]!.GetValue<long>() > 0) == true
                && j["items"]!.AsArray().Any(n => n!["name"]!.GetValue<string>() == "b" && n["readers"]!.GetValue<int>() >= 2));
            nodes!["items"]!.AsArray().Single(n => n!["name"]!.GetValue<string>() == "b")!["local"]!.GetValue<bool>().Should().BeTrue();
            nodes["items"]!.AsArray().Single(n => n!["name"]!.GetValue<string>() == "a")!["advertise"]![0]!.GetValue<string>().Should().Be($"127.0.0.1:{a.Rtsp}");
            var metrics = await b.MetricsAsync();
            metrics.Should().MatchRegex(@"cluster_node_readers\{local=""false"",name=""a""\} [1-9]");
            metrics.Should().MatchRegex(@"cluster_node_readers\{local=""true"",name=""b""\} [2-9]");

            // A dies (SIGKILL: it cannot clean up): B's reader sees the path end (WaitForExitAsync throws if it never does),
            // and A's path and node entries expire with their leases, within seconds.
            var killed = System.Diagnostics.Stopwatch.StartNew();
            await a.DisposeAsync();
            await reader.WaitForExitAsync(Timeout);
            await redis.WaitForPathOwnerAsync("live/cam", null);
            await b.WaitForAsync("/v3/cluster/nodes", j => j?["items"]?.AsArray().Count == 1);
            killed.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
            await using var republisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{b.Rtmp}/live/cam", 120);
            await redis.WaitForPathOwnerAsync("live/cam", "b");
            var again = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{b.Rtsp}/live/cam", Timeout);
            again.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    [RequiresFfmpegFact]
    public async Task TwoPublishersOnTwoNodes_FollowOverridePublisher()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        const string paths = """
            paths:
              fixed:
                overridePublisher: no
              all_others:
            """;
        await using var a = await ClusterTestNode.StartAsync("a", redis.Url, paths);
        await using var b = await ClusterTestNode.StartAsync("b", redis.Url, paths);

        // overridePublisher: no — the first publisher keeps the path; the second node refuses the publish.
        await using var first = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{a.Rtmp}/fixed", 120);
        await redis.WaitForPathOwnerAsync("fixed", "a");
        await using (var second = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{b.Rtmp}/fixed", 120))
        {
            (await second.WaitForExitAsync(Timeout)).Should().NotBe(0);
        }

        first.HasExited.Should().BeFalse();
        (await redis.PathOwnerAsync("fixed")).Should().Be("a");

        // overridePublisher: yes (the default) — the newer publisher on B takes the path; A kicks its own.
        await using var old = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{a.Rtmp}/open", 120);
        await redis.WaitForPathOwnerAsync("open", "a");
        await using var newer = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{b.Rtmp}/open", 120);
        await redis.WaitForPathOwnerAsync("open", "b");
        await old.WaitForExitAsync(Timeout);
        var fromA = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{a.Rtsp}/open", Timeout);
        fromA.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);
        newer.HasExited.Should().BeFalse();
    }

    [RequiresFfmpegFact]
    public async Task RedisRestart_DropsNoReader_AndTheDirectoryIsWholeAgain()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var a = await ClusterTestNode.StartAsync("a", redis.Url);
        await using var b = await ClusterTestNode.StartAsync("b", redis.Url);
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{a.Rtmp}/live/cam", 120);
        await redis.WaitForPathOwnerAsync("live/cam", "a");
        await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{b.Rtsp}/live/cam", Timeout);
        await using var reader = ClusterTestNode.ReadForever($"rtsp://127.0.0.1:{b.Rtsp}/live/cam", "-rtsp_transport", "tcp");
        await b.WaitForAsync("/v3/paths/get/live/cam", j => j?["readers"]?.AsArray().Count >= 1);
        var framesBefore = await b.WaitForAsync("/v3/paths/get/live/cam", j => j?["inboundBytes"]?.GetValue<long>() > 0);

        await redis.StopAsync();
        await a.Process.WaitForLineAsync(l => l.Contains("directory is unreachable", StringComparison.Ordinal), Timeout);
        await b.Process.WaitForLineAsync(l => l.Contains("directory is unreachable", StringComparison.Ordinal), Timeout);
        // Both nodes keep serving meanwhile: B's pull from A goes on.
        var during = await b.WaitForAsync("/v3/paths/get/live/cam",
            j => j?["inboundBytes"]?.GetValue<long>() > framesBefore!["inboundBytes"]!.GetValue<long>() + 50_000);
        during!["readers"]!.AsArray().Count.Should().BeGreaterThanOrEqualTo(1);

        await redis.StartAgainAsync();
        await redis.WaitForPathOwnerAsync("live/cam", "a");
        await b.WaitForAsync("/v3/cluster/nodes", j => j?["items"]?.AsArray().Count == 2);
        reader.HasExited.Should().BeFalse("no reader is dropped while Redis restarts");
        publisher.HasExited.Should().BeFalse();
    }

    [RequiresFfmpegFact]
    public async Task NodesThatRequireReadCredentials_PullFromEachOtherWithTheClusterCredential()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        // Digest only: the owner never sees the pull's password, only the answer to its challenge.
        var auth = "rtspAuthMethods: [digest]\n" + ViewerNeedsPassword("{action: api}") + "paths:\n  all_others:\n";
        await using var a = await ClusterTestNode.StartAsync("a", redis.Url, auth);
        await using var b = await ClusterTestNode.StartAsync("b", redis.Url, auth);
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{a.Rtmp}/secured", 120);
        await redis.WaitForPathOwnerAsync("secured", "a");

        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://viewer:pw@127.0.0.1:{b.Rtsp}/secured", Timeout);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);
        // B's own auth still applies to B's readers, and A's to anyone but another node.
        await FluentActions.Awaiting(() => MediaTools.ProbeAsync($"rtsp://127.0.0.1:{b.Rtsp}/secured", 1))
            .Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(() => MediaTools.ProbeAsync($"rtsp://mediabroker-cluster:guess@127.0.0.1:{a.Rtsp}/secured", 1))
            .Should().ThrowAsync<InvalidOperationException>();
    }

    [RequiresFfmpegFact]
    public async Task ClusterPullProtocolSrt_PullsFromTheOwnersSrtListener_WithTheClusterCredentialAndThePathsPassphrase()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        // Reading needs credentials and the path's SRT read passphrase: the pull brings the cluster credential and the
        // passphrase (same configuration on every node).
        var paths = ViewerNeedsPassword("{action: api}, {action: metrics}") + "paths:\n  all_others:\n    srtReadPassphrase: cluster-read-pass\n";
        await using var a = await ClusterTestNode.StartAsync("a", redis.Url, paths, "clusterPullProtocol: srt\n");
        await using var b = await ClusterTestNode.StartAsync("b", redis.Url, paths, "clusterPullProtocol: srt\n");
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{a.Rtmp}/live/cam", 120);
        await redis.WaitForPathOwnerAsync("live/cam", "a");
        // B learns A's SRT endpoint from A's heartbeat.
        await b.WaitForAsync("/v3/cluster/nodes", j => j?["items"]?.AsArray().Count == 2);

        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://viewer:pw@127.0.0.1:{b.Rtsp}/live/cam", Timeout);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 0);
        streams.Should().Contain(s => s.Codec == "aac" && s.Frames > 0);

        await using var reader = ClusterTestNode.ReadForever($"rtsp://viewer:pw@127.0.0.1:{b.Rtsp}/live/cam", "-rtsp_transport", "tcp");
        var onB = await b.WaitForAsync("/v3/paths/get/live/cam", j => j?["ready"]?.GetValue<bool>() == true && j["readers"]?.AsArray().Count >= 1);
        onB!["source"]!["type"]!.GetValue<string>().Should().Be("srtSource");
        onB["clusterNode"]!.GetValue<string>().Should().Be("a");
        var onA = await a.WaitForAsync("/v3/paths/get/live/cam", j => j?["readers"]?.AsArray().Count >= 1);
        onA!["readers"]!.AsArray().Should().ContainSingle().Which!["type"]!.GetValue<string>().Should().Be("srtConn");

        // The cluster user with a wrong secret is refused by A's SRT listener like any reader without credentials.
        await FluentActions.Awaiting(() => MediaTools.ProbeAsync(
                $"srt://127.0.0.1:{a.Srt}?streamid=read:live/cam:mediabroker-cluster:guess&passphrase=cluster-read-pass", 1))
            .Should().ThrowAsync<InvalidOperationException>();
    }

    /// <summary>Anyone publishes, reading needs viewer:pw, and loopback clients get <paramref name="localActions"/>.</summary>
    private static string ViewerNeedsPassword(string localActions) => $$"""
        authInternalUsers:
        - user: any
          permissions: [{action: publish}]
        - user: viewer
          pass: pw
          permissions: [{action: read}]
        - user: any
          ips: ['127.0.0.1']
          permissions: [{{localActions}}]

        """;
}
