using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Metrics;
using MediaBroker.Tests.Auth;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Metrics;

public sealed class MetricsServerTests
{
    /// <summary>An RTMP connection as the RTMP server reports it (the shape of MediaMTX's rtmp_conns section).</summary>
    private sealed record RtmpConn(Guid Id, string State, string Path, string RemoteAddr, long InboundBytes, long OutboundBytes, long Discarded);

    private static readonly MetricsSection<RtmpConn> s_rtmp = new()
    {
        Type = "rtmp_conns",
        Title = "RTMP connections",
        FilterKey = "rtmp_conn",
        FilterValue = c => c.Id.ToString(),
        Labels = c => [new("id", c.Id.ToString()), new("state", c.State), new("path", c.Path), new("remoteAddr", c.RemoteAddr)],
        Series =
        [
            new("rtmp_conns", _ => 1),
            new("rtmp_conns_inbound_bytes", c => c.InboundBytes),
            new("rtmp_conns_outbound_bytes", c => c.OutboundBytes),
            new("rtmp_conns_outbound_frames_discarded", c => c.Discarded),
        ],
        Deprecated = [new("rtmp_conns_bytes_received", c => c.InboundBytes), new("rtmp_conns_bytes_sent", c => c.OutboundBytes)],
    };

    private static MetricsServer Server(PathManager paths, List<RtmpConn> conns, AuthService? auth = null) =>
        new(auth!, [MetricsProvider.Create(MetricsOrder.RtmpConns, s_rtmp, () => conns), new PathMetricsProvider(paths)], NullLoggerFactory.Instance);

    [Fact]
    public void Render_IdleServer_GoldenBareSections()
    {
        using var paths = TestPaths.Manager();
        var text = Server(paths, []).Render(new MetricsQuery());
        text.Should().Be("""
            # Paths
            paths 0
            paths_inbound_bytes 0
            paths_outbound_bytes 0
            paths_inbound_frames_in_error 0

            # Paths (deprecated)
            paths_bytes_received 0
            paths_bytes_sent 0
            paths_readers 0

            # RTMP connections
            rtmp_conns 0
            rtmp_conns_inbound_bytes 0
            rtmp_conns_outbound_bytes 0
            rtmp_conns_outbound_frames_discarded 0

            # RTMP connections (deprecated)
            rtmp_conns_bytes_received 0
            rtmp_conns_bytes_sent 0


            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Render_PublisherAndReaders_GoldenText()
    {
        using var paths = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "idle" }, new PathConf { Name = "all_others" }));
        var publisher = new TestPaths.Peer("rtmpConn");
        using var lease = (await paths.AddPublisherAsync(TestPaths.Access("cam"), publisher, CancellationToken.None)).Value!;
        var tracks = TestPaths.H264AndAac();
        var stream = lease.StartStream(tracks);
        stream.WriteUnit(TestPaths.Video(tracks[0], 0, key: true));
        stream.ReportFrameInError();
        using var r1 = (await paths.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer("rtspSession"), CancellationToken.None)).Value!;
        using var r2 = (await paths.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer("rtspSession"), CancellationToken.None)).Value!;
        using var r3 = (await paths.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer("hlsSession"), CancellationToken.None)).Value!;
        var id = Guid.Parse("6f1c2a3e-0000-4000-8000-000000000001");
        var text = Server(paths, [new RtmpConn(id, "publish", "cam", "127.0.0.1:5000", 1234, 0, 2)]).Render(new MetricsQuery());
        text.Should().Be($$"""
            # Paths
            paths{name="cam",state="ready"} 1
            paths_readers{name="cam",readerType="hlsSession",state="ready"} 1
            paths_readers{name="cam",readerType="rtspSession",state="ready"} 2
            paths_inbound_bytes{name="cam",state="ready"} 3
            paths_outbound_bytes{name="cam",state="ready"} 0
            paths_inbound_frames_in_error{name="cam",state="ready"} 1
            paths{name="idle",state="notReady"} 1
            paths_readers{name="idle",readerType="",state="notReady"} 0
            paths_inbound_bytes{name="idle",state="notReady"} 0
            paths_outbound_bytes{name="idle",state="notReady"} 0
            paths_inbound_frames_in_error{name="idle",state="notReady"} 0

            # Paths (deprecated)
            paths_bytes_received{name="cam",state="ready"} 3
            paths_bytes_sent{name="cam",state="ready"} 0
            paths_bytes_received{name="idle",state="notReady"} 0
            paths_bytes_sent{name="idle",state="notReady"} 0

            # RTMP connections
            rtmp_conns{id="{{id}}",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 1
            rtmp_conns_inbound_bytes{id="{{id}}",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 1234
            rtmp_conns_outbound_bytes{id="{{id}}",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 0
            rtmp_conns_outbound_frames_discarded{id="{{id}}",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 2

            # RTMP connections (deprecated)
            rtmp_conns_bytes_received{id="{{id}}",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 1234
            rtmp_conns_bytes_sent{id="{{id}}",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 0


            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Render_TypeFilter_OnlyThatSection()
    {
        using var paths = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "idle" }));
        var text = Server(paths, []).Render(new MetricsQuery("rtmp_conns"));
        text.Should().StartWith("# RTMP connections\n").And.NotContain("paths");
        Server(paths, []).Render(new MetricsQuery("forward_dests")).Should().Be("# Forward destinations\nforward_dests 0\nforward_dests_outbound_bytes 0\n\n");
    }

    [Fact]
    public void Render_ItemFilter_OnlyMatchingItemsAndNoOtherSections()
    {
        using var paths = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "a" }, new PathConf { Name = "b" }));
        var conns = new List<RtmpConn> { new(Guid.NewGuid(), "read", "a", "x:1", 0, 0, 0) };
        var byPath = Server(paths, conns).Render(new MetricsQuery("", new Dictionary<string, string> { ["path"] = "b" }));
        byPath.Should().Contain("paths{name=\"b\"").And.NotContain("name=\"a\"").And.NotContain("rtmp");
        var byConn = Server(paths, conns).Render(new MetricsQuery("", new Dictionary<string, string> { ["rtmp_conn"] = Guid.NewGuid().ToString() }));
        byConn.Should().Be("# RTMP connections\n\n# RTMP connections (deprecated)\n\n");
    }

    [Fact]
    public void Labels_EscapeQuotesAndBackslashes()
    {
        MetricsWriter.Labels([new("b", "x\"y"), new("a", "c\\d")]).Should().Be("{a=\"c\\\\d\",b=\"x\\\"y\"}");
        MetricsWriter.Format(0.25, true).Should().Be("0.25");
        MetricsWriter.Format(3, true).Should().Be("3");
    }

    [Fact]
    public async Task BrokerMetrics_CountersAndGaugesInPrometheusText()
    {
        using var sp = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var paths = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "a" }));
        using var metrics = new MediaBrokerMetrics(sp.GetRequiredService<IMeterFactory>(), paths);
        metrics.HooksStarted.Add(2);
        using var lease = (await paths.AddPublisherAsync(TestPaths.Access("a"), new TestPaths.Peer(), CancellationToken.None)).Value!;
        lease.StartStream(TestPaths.H264AndAac());
        // The heap gauge reads the last collection's figure; make sure there is one.
        GC.Collect();
        var w = new MetricsWriter(new MetricsQuery());
        metrics.Write(w);
        var text = w.ToString();
        text.Should().Contain("# TYPE mediabroker_hooks_started_total counter\nmediabroker_hooks_started_total 2\n");
        text.Should().MatchRegex("# TYPE mediabroker_gc_heap_bytes gauge\nmediabroker_gc_heap_bytes [1-9][0-9.e+]*\n");
        text.Should().Contain("mediabroker_paths_ready 1\n").And.Contain("mediabroker_inbound_bytes_total 0\n");
        var allocated = AllocatedBytes(text);
        var block = new byte[1 << 20];
        GC.KeepAlive(block);
        var again = new MetricsWriter(new MetricsQuery());
        metrics.Write(again);
        AllocatedBytes(again.ToString()).Should().BeGreaterThanOrEqualTo(allocated + block.Length);
        var filtered = new MetricsWriter(new MetricsQuery("paths"));
        metrics.Write(filtered);
        filtered.ToString().Should().BeEmpty();
    }

    private static long AllocatedBytes(string text)
    {
        var match = Regex.Match(text, "# TYPE mediabroker_gc_allocated_bytes_total counter\nmediabroker_gc_allocated_bytes_total ([0-9]+)\n");
        match.Success.Should().BeTrue();
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Http_Scrape_AuthorizedAndTextPlain()
    {
        using var paths = TestPaths.Manager();
        var users = BrokerConf.DefaultInternalUsers;
        using var auth = new AuthService(new AuthOptions { InternalUsers = users }, NullLogger<AuthService>.Instance, new RecordingDelay());
        await using var server = Server(paths, [], auth);
        await server.StartAsync(new BrokerConf { Metrics = true, MetricsAddress = "127.0.0.1:0" }, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.BoundEndPoint!.Port}"), Timeout = TimeSpan.FromSeconds(10) };
        using var response = await client.GetAsync("/metrics?type=paths");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        (await response.Content.ReadAsStringAsync()).Should().StartWith("# Paths\npaths 0\n");
        (await client.GetAsync("/other")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Http_NoMetricsPermission_Returns401Challenge()
    {
        using var paths = TestPaths.Manager();
        using var auth = new AuthService(new AuthOptions { InternalUsers = [new AuthInternalUserConf { User = "m", Pass = "p", Permissions = [new("metrics")] }] },
            NullLogger<AuthService>.Instance, new RecordingDelay());
        await using var server = Server(paths, [], auth);
        await server.StartAsync(new BrokerConf { Metrics = true, MetricsAddress = "127.0.0.1:0" }, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.BoundEndPoint!.Port}"), Timeout = TimeSpan.FromSeconds(10) };
        using var response = await client.GetAsync("/metrics");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Basic realm=\"mediabroker\"");
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("m:p"u8.ToArray()));
        (await client.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
        server.ConfKeys.Should().Contain("metricsAddress");
    }
}
