using System.Diagnostics;
using System.Net;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Protocols.WebRtc;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc;

/// <summary>
/// webrtcSTUNGatherTimeout: the server asks the STUN servers of webrtcICEServers2 where they see its ICE/UDP socket
/// and announces that address as a server-reflexive candidate, waiting at most the timeout for them.
/// </summary>
public sealed class WebRtcStunGatherTests
{
    private static readonly IPAddress PublicAddress = IPAddress.Parse("203.0.113.7");

    [Fact]
    public async Task Answer_CarriesServerReflexiveCandidate_FromTheIceSocket()
    {
        await using var stun = new TestStunServer(PublicAddress);
        await using var fx = await WebRtcServerFixture.StartAsync(options: Options(stun, TimeSpan.FromSeconds(20)));
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        await using var viewer = new WhepTestClient(fx.Http);

        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created);

        var udp = fx.Server.UdpEndPoint!.Port;
        viewer.Answer.Should().Contain($" {PublicAddress} {udp} typ srflx raddr 127.0.0.1 rport {udp}\r\n");
        viewer.Answer.Should().Contain($" 127.0.0.1 {udp} typ host", "host candidates stay");
        stun.Requests.Should().Contain(e => e.Port == udp, "the request left from the ICE/UDP socket, whose mapping the candidate announces");

        // The candidate does not disturb the session: media flows over the host candidate.
        await viewer.ConnectAsync();
        await WaitUntilAsync(() => viewer.Packets(102) > 20);
    }

    [Fact]
    public async Task SilentStunServer_AnswerWaitsForTheTimeoutOnly_WithoutServerReflexiveCandidate()
    {
        var timeout = TimeSpan.FromSeconds(1.5);
        await using var stun = new TestStunServer(PublicAddress, silent: true);
        await using var fx = await WebRtcServerFixture.StartAsync(options: Options(stun, timeout));
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        await using var viewer = new WhepTestClient(fx.Http);

        var watch = Stopwatch.StartNew();
        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created);
        watch.Elapsed.Should().BeGreaterThanOrEqualTo(timeout - TimeSpan.FromMilliseconds(50), "the answer waited for the STUN server");
        watch.Elapsed.Should().BeLessThan(timeout + TimeSpan.FromSeconds(10), "and then went out without it");
        viewer.Answer.Should().NotContain("typ srflx").And.Contain("typ host");
        stun.Requests.Count.Should().BeGreaterThan(1, "the request was retransmitted while waiting");
    }

    [Fact]
    public async Task ClientOnlyStunServer_NotAsked_AnswerAtOnce()
    {
        await using var stun = new TestStunServer(PublicAddress, silent: true);
        var options = Options(stun, TimeSpan.FromSeconds(30)) with
        {
            IceServers = [new WebrtcIceServerConf { Url = $"stun:127.0.0.1:{stun.Port}", ClientOnly = true }],
        };
        await using var fx = await WebRtcServerFixture.StartAsync(options: options);
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        await using var viewer = new WhepTestClient(fx.Http);

        var watch = Stopwatch.StartNew();
        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "a clientOnly server is only handed to clients");
        stun.Requests.Should().BeEmpty();
        viewer.Answer.Should().NotContain("typ srflx");
    }

    private static WebRtcServerOptions Options(TestStunServer stun, TimeSpan timeout) => new()
    {
        IceServers = [new WebrtcIceServerConf { Url = $"stun:127.0.0.1:{stun.Port}" }],
        StunGatherTimeout = timeout,
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within 30 s");
            await Task.Delay(50);
        }
    }
}
