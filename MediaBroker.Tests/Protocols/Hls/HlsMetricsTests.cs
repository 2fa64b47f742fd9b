using FluentAssertions;
using MediaBroker.Metrics;
using MediaBroker.Protocols.Hls;
using Xunit;
using static MediaBroker.Tests.ApiItems;

namespace MediaBroker.Tests.Protocols.Hls;

public sealed class HlsMetricsTests
{
    [Fact]
    public void Muxers_TypeFilter_LabelledByPathName() =>
        MetricsText(HlsMetrics.Muxers(() => [new HlsMuxerInfo { Path = "cam", Created = Created, LastRequest = Created, OutboundBytes = 7 }], () => true),
            new MetricsQuery("hls_muxers"))
            .Should().Contain("hls_muxers{name=\"cam\"} 1\nhls_muxers_outbound_bytes{name=\"cam\"} 7\n");
}
