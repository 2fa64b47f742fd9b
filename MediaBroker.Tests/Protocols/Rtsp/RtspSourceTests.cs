using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Protocols.Rtsp.Client;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>A path pulling from a second in-process server with <c>source: rtsp://...</c>.</summary>
public sealed class RtspSourceTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    [InlineData("automatic")]
    public async Task OnDemandSource_ReaderArrives_PullsUpstreamAndDecodes(string transport)
    {
        await using var upstream = await RtspTestServer.StartAsync();
        await using var publisher = RtspClients.Publish(upstream.Url + "/up", "tcp");
        await upstream.WaitReadyAsync("up", RtspClients.Timeout, publisher);
        var conf = TestPaths.Conf(new PathConf
        {
            Name = "proxied",
            Source = upstream.Url + "/up",
            SourceOnDemand = true,
            RtspTransport = transport,
        });
        await using var downstream = await RtspTestServer.StartAsync(conf: conf, sources: new RtspSourceFactory(TimeSpan.FromSeconds(10)));

        downstream.Paths.Find("proxied")!.IsReady.Should().BeFalse("an on-demand source starts with the first reader");
        var streams = await RtspClients.ProbeAsync(downstream.Url + "/proxied", "tcp");

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Frames > 10);
        streams.Should().Contain(s => s.CodecName == "aac" && s.Frames > 10);
    }

    [Fact]
    public async Task Source_UpstreamRestarts_PathLeavesReadyThenRecovers()
    {
        await using var upstream = await RtspTestServer.StartAsync();
        var conf = TestPaths.Conf(new PathConf { Name = "proxied", Source = upstream.Url + "/up" });
        await using var downstream = await RtspTestServer.StartAsync(conf: conf, sources: new RtspSourceFactory(TimeSpan.FromSeconds(3)));
        var first = RtspClients.Publish(upstream.Url + "/up", "tcp", audio: null);
        await downstream.WaitReadyAsync("proxied", RtspClients.Timeout, first);

        await first.DisposeAsync();
        await WaitAsync(() => downstream.Paths.Find("proxied") is { IsReady: false }, "the path leaves the ready state");

        await using var second = RtspClients.Publish(upstream.Url + "/up", "tcp", audio: null);
        await downstream.WaitReadyAsync("proxied", RtspClients.Timeout, second);
        var streams = await RtspClients.ProbeAsync(downstream.Url + "/proxied", "udp");
        streams.Should().Contain(s => s.CodecName == "h264" && s.Frames > 10);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Source_Pulling_SendsReceiverReportsToUpstream(string transport)
    {
        await using var upstream = await RtspTestServer.StartAsync();
        var conf = TestPaths.Conf(new PathConf { Name = "proxied", Source = upstream.Url + "/up", RtspTransport = transport });
        await using var downstream = await RtspTestServer.StartAsync(conf: conf, sources: new RtspSourceFactory(TimeSpan.FromSeconds(10)));
        await using var publisher = RtspClients.Publish(upstream.Url + "/up", "tcp", audio: null);
        await downstream.WaitReadyAsync("proxied", RtspClients.Timeout, publisher);

        // The upstream counts the RTCP a reading session sends; the source reports every 5 s.
        await WaitAsync(() => upstream.Server.Sessions.Any(s => s.State == "read" && s.InboundRTCPPackets > 0), "a receiver report reaches the upstream");
    }

    [Fact]
    public async Task Source_MulticastTransport_JoinsGroupAndDecodes()
    {
        // The upstream hands out a group per track on shared ports; a random port pair keeps parallel runs apart.
        var rtpPort = 20000 + (Random.Shared.Next(0, 1000) * 2);
        var options = new RtspServerOptions { MulticastRtpPort = rtpPort, MulticastRtcpPort = rtpPort + 1, MulticastIPRange = "239.255.43.0/24" };
        await using var upstream = await RtspTestServer.StartAsync(options: options);
        await using var publisher = RtspClients.Publish(upstream.Url + "/up", "tcp");
        await upstream.WaitReadyAsync("up", RtspClients.Timeout, publisher);
        var conf = TestPaths.Conf(new PathConf { Name = "proxied", Source = upstream.Url + "/up", RtspTransport = "multicast" });
        await using var downstream = await RtspTestServer.StartAsync(conf: conf, sources: new RtspSourceFactory(TimeSpan.FromSeconds(10)));
        await downstream.WaitReadyAsync("proxied", RtspClients.Timeout, publisher);

        var streams = await RtspClients.ProbeAsync(downstream.Url + "/proxied", "tcp");

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Frames > 10);
        streams.Should().Contain(s => s.CodecName == "aac" && s.Frames > 10);
        upstream.Server.Sessions.Should().Contain(s => s.State == "read" && s.Transport == "UDP-multicast");
    }

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
}
