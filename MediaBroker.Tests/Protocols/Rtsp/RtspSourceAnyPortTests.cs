using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Protocols.Rtsp.Client;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary><c>rtspAnyPort</c>: a camera that sends RTP from a port other than the server_port it announced.</summary>
public sealed class RtspSourceAnyPortTests
{
    [Fact]
    public async Task Source_RtpFromOtherPortWithoutAnyPort_DropsAndCounts()
    {
        await using var camera = new FakeRtspCamera();
        var factory = new CapturingFactory();
        await using var downstream = await StartAsync(camera, factory, anyPort: false);
        var stream = await downstream.WaitReadyAsync("cam", RtspClients.Timeout);

        await WaitAsync(() => factory.Source?.WrongSourcePackets > 20, "packets from the unannounced port are counted");

        stream.InboundBytes.Should().Be(0, "packets from a port the server did not announce are dropped");
    }

    [Fact]
    public async Task Source_RtpFromOtherPortWithAnyPort_UnitsArrive()
    {
        await using var camera = new FakeRtspCamera();
        var factory = new CapturingFactory();
        await using var downstream = await StartAsync(camera, factory, anyPort: true);
        var stream = await downstream.WaitReadyAsync("cam", RtspClients.Timeout);

        await WaitAsync(() => stream.InboundBytes > 160 * 20, "PCMU units from the other port reach the path");

        stream.Tracks.Should().ContainSingle().Which.Codec.Should().Be(new G711Codec(MuLaw: true));
        factory.Source!.WrongSourcePackets.Should().Be(0);
    }

    [Fact]
    public async Task Source_UdpSourcePortRange_ClientPortsInsideRange()
    {
        await using var camera = new FakeRtspCamera();
        var (first, last) = Client.RtspClientPortsTests.FreeRange(4);
        await using var downstream = await RtspTestServer.StartAsync(
            conf: TestPaths.Conf(new PathConf
            {
                Name = "cam", Source = camera.Url, RtspTransport = "udp", RtspAnyPort = true, RtspUDPSourcePortRange = [first, last],
            }),
            sources: new RtspSourceFactory(TimeSpan.FromSeconds(10)));
        var stream = await downstream.WaitReadyAsync("cam", RtspClients.Timeout);
        await WaitAsync(() => stream.InboundBytes > 0, "units arrive on the ports taken from the range");

        camera.LastClientPort.Should().BeOneOf(first, first + 2);
    }

    [Theory]
    [InlineData("", "npt=0.000-", null)]
    [InlineData("2", "npt=0.000-", "2")]
    [InlineData("-1", "npt=0.000-", "-1")]
    public async Task Source_RtspScale_SentWithPlay(string scale, string range, string? expectedScale)
    {
        await using var camera = new FakeRtspCamera();
        await using var downstream = await RtspTestServer.StartAsync(
            conf: TestPaths.Conf(new PathConf { Name = "cam", Source = camera.Url, RtspTransport = "udp", RtspAnyPort = true, RtspScale = scale }),
            sources: new RtspSourceFactory(TimeSpan.FromSeconds(10)));
        await downstream.WaitReadyAsync("cam", RtspClients.Timeout);

        var play = camera.LastPlayHeaders;
        play.Should().Contain("Range: " + range);
        if (expectedScale is null)
        {
            play.Should().NotContain(h => h.StartsWith("Scale:", StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            play.Should().Contain("Scale: " + expectedScale);
        }
    }

    private static Task<RtspTestServer> StartAsync(FakeRtspCamera camera, CapturingFactory factory, bool anyPort) =>
        RtspTestServer.StartAsync(
            conf: TestPaths.Conf(new PathConf { Name = "cam", Source = camera.Url, RtspTransport = "udp", RtspAnyPort = anyPort }),
            sources: factory);

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + RtspClients.Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(what);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Keeps the source it creates so the test can read its drop counter.</summary>
    private sealed class CapturingFactory : IStaticSourceFactory
    {
        public RtspSource? Source { get; private set; }

        public bool CanHandle(string sourceUrl) => sourceUrl.StartsWith("rtsp://", StringComparison.Ordinal);

        public IStaticSource Create(string sourceUrl) => Source = new RtspSource(TimeSpan.FromSeconds(10));
    }
}
