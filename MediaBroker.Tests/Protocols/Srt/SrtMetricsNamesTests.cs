using FluentAssertions;
using MediaBroker.Protocols.Srt;
using Xunit;

namespace MediaBroker.Tests.Protocols.Srt;

public sealed class SrtMetricsNamesTests
{
    [Theory]
    [InlineData("PacketsSentACK", "packets_sent_ack")]
    [InlineData("MsRTT", "ms_rtt")]
    [InlineData("MbpsMaxBW", "mbps_max_bw")]
    [InlineData("MsSendTsbPdDelay", "ms_send_tsb_pd_delay")]
    [InlineData("PacketsReceivedLossRate", "packets_received_loss_rate")]
    public void SnakeCase_SrtStatistic_MediaMtxSeriesSuffix(string property, string expected) =>
        SrtMetrics.SnakeCase(property).Should().Be(expected);
}
