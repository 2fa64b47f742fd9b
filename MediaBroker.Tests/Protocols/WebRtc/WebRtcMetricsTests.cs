using FluentAssertions;
using MediaBroker.Metrics;
using MediaBroker.Protocols.WebRtc;
using Xunit;
using static MediaBroker.Tests.ApiItems;

namespace MediaBroker.Tests.Protocols.WebRtc;

public sealed class WebRtcMetricsTests
{
    [Fact]
    public void Sessions_TypeFilterWithoutItems_BareZeroSeries() =>
        MetricsText(WebRtcMetrics.Sessions(() => [], () => true), new MetricsQuery("webrtc_sessions")).Should().Contain("webrtc_sessions 0\n");
}
