using FluentAssertions;
using MediaBroker.Metrics;
using MediaBroker.Protocols.Rtsp;
using Xunit;
using static MediaBroker.Tests.ApiItems;

namespace MediaBroker.Tests.Protocols.Rtsp;

public sealed class RtspMetricsTests
{
    [Fact]
    public void Sessions_OtherTypeFilter_PrintNothing() =>
        MetricsText(RtspMetrics.Sessions(false, () => [], () => true), new MetricsQuery("rtmp_conns")).Should().BeEmpty();
}
