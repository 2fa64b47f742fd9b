using FluentAssertions;
using MediaBroker.Metrics;
using MediaBroker.Protocols.Hls;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Protocols.WebRtc;
using Xunit;

namespace MediaBroker.Tests.Metrics.Sections;

public sealed class ProtocolMetricsTests
{
    private static readonly DateTime Created = new(2026, 8, 22, 10, 0, 0, DateTimeKind.Utc);
    private static readonly ApiRtmpConn Pub = new(Guid.Parse("11111111-1111-1111-1111-111111111111"), Created, "127.0.0.1:5000",
        "publish", "cam", "", "", "", 1000, 0, 0, 1000, 0);
    private static readonly ApiRtmpConn Read = new(Guid.Parse("22222222-2222-2222-2222-222222222222"), Created, "127.0.0.1:5001",
        "read", "cam", "", "", "", 0, 500, 3, 0, 500);

    private static string Write(IMetricsProvider provider, MetricsQuery? query = null)
    {
        var w = new MetricsWriter(query ?? new MetricsQuery());
        provider.Write(w);
        return w.ToString();
    }

    [Fact]
    public void RtmpConns_Items_GoldenText()
    {
        Write(RtmpMetrics.Conns(false, () => [Pub, Read], () => true)).Should().Be("""
            # RTMP connections
            rtmp_conns{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 1
            rtmp_conns_inbound_bytes{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 1000
            rtmp_conns_outbound_bytes{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 0
            rtmp_conns_outbound_frames_discarded{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 0
            rtmp_conns{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 1
            rtmp_conns_inbound_bytes{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 0
            rtmp_conns_outbound_bytes{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 500
            rtmp_conns_outbound_frames_discarded{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 3

            # RTMP connections (deprecated)
            rtmp_conns_bytes_received{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 1000
            rtmp_conns_bytes_sent{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 0
            rtmp_conns_bytes_received{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 0
            rtmp_conns_bytes_sent{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 500


            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void RtmpConns_PerItemFilter_OnlyThatItem()
    {
        var text = Write(RtmpMetrics.Conns(false, () => [Pub, Read], () => true),
            new MetricsQuery("", new Dictionary<string, string> { ["rtmp_conn"] = Read.Id.ToString() }));
        text.Should().Contain("state=\"read\"").And.NotContain("state=\"publish\"");
        Write(RtmpMetrics.Conns(true, () => [Pub], () => true),
            new MetricsQuery("", new Dictionary<string, string> { ["rtmp_conn"] = Read.Id.ToString() })).Should().BeEmpty();
    }

    [Fact]
    public void Sections_TypeFilterAndDisabledServer_PrintNothingElse()
    {
        Write(RtmpMetrics.Conns(true, () => [], () => true)).Should().StartWith("# RTMPS connections\nrtmps_conns 0\n");
        Write(RtmpMetrics.Conns(false, () => [Pub], () => false)).Should().BeEmpty("MediaMTX prints nothing for a disabled server");
        Write(RtspMetrics.Sessions(false, () => [], () => true), new MetricsQuery("rtmp_conns")).Should().BeEmpty();
        Write(WebRtcMetrics.Sessions(() => [], () => true), new MetricsQuery("webrtc_sessions")).Should().Contain("webrtc_sessions 0\n");
        Write(HlsMetrics.Muxers(() => [new ApiHlsMuxer("cam", Created, Created, 7, 0, 7)], () => true), new MetricsQuery("hls_muxers"))
            .Should().Contain("hls_muxers{name=\"cam\"} 1\nhls_muxers_outbound_bytes{name=\"cam\"} 7\n");
    }
}
