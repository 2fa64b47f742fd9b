using FluentAssertions;
using MediaBroker.Metrics;
using MediaBroker.Protocols.Rtmp;
using Xunit;
using static MediaBroker.Tests.ApiItems;

namespace MediaBroker.Tests.Protocols.Rtmp;

/// <summary>The rtmp_conns section read straight from the server's records: MediaMTX's series, labels and filters.</summary>
public sealed class RtmpMetricsTests
{
    private static readonly RtmpConnInfo Pub = new()
    {
        Id = Guid.Parse("11111111-1111-1111-1111-111111111111"), Created = Created, RemoteAddr = "127.0.0.1:5000",
        State = "publish", Path = "cam", Query = "", User = "", UserAgent = "", InboundBytes = 1000,
    };

    private static readonly RtmpConnInfo Read = new()
    {
        Id = Guid.Parse("22222222-2222-2222-2222-222222222222"), Created = Created, RemoteAddr = "127.0.0.1:5001",
        State = "read", Path = "cam", Query = "", User = "", UserAgent = "", OutboundBytes = 500, OutboundFramesDiscarded = 3, OutboundSends = 4,
    };

    [Fact]
    public void RtmpConns_Items_GoldenText()
    {
        MetricsText(RtmpMetrics.Conns(false, () => [Pub, Read], () => true)).Should().Be("""
            # RTMP connections
            rtmp_conns{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 1
            rtmp_conns_inbound_bytes{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 1000
            rtmp_conns_outbound_bytes{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 0
            rtmp_conns_outbound_frames_discarded{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 0
            rtmp_conns_outbound_sends{id="11111111-1111-1111-1111-111111111111",path="cam",remoteAddr="127.0.0.1:5000",state="publish"} 0
            rtmp_conns{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 1
            rtmp_conns_inbound_bytes{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 0
            rtmp_conns_outbound_bytes{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 500
            rtmp_conns_outbound_frames_discarded{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 3
            rtmp_conns_outbound_sends{id="22222222-2222-2222-2222-222222222222",path="cam",remoteAddr="127.0.0.1:5001",state="read"} 4

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
        var text = MetricsText(RtmpMetrics.Conns(false, () => [Pub, Read], () => true),
            new MetricsQuery("", new Dictionary<string, string> { ["rtmp_conn"] = Read.Id.ToString() }));
        text.Should().Contain("state=\"read\"").And.NotContain("state=\"publish\"");
        MetricsText(RtmpMetrics.Conns(true, () => [Pub], () => true),
            new MetricsQuery("", new Dictionary<string, string> { ["rtmp_conn"] = Read.Id.ToString() })).Should().BeEmpty();
    }

    [Fact]
    public void Sections_TypeFilterAndDisabledServer_PrintNothingElse()
    {
        MetricsText(RtmpMetrics.Conns(true, () => [], () => true)).Should().StartWith("# RTMPS connections\nrtmps_conns 0\n");
        MetricsText(RtmpMetrics.Conns(false, () => [Pub], () => false)).Should().BeEmpty("MediaMTX prints nothing for a disabled server");
    }
}
