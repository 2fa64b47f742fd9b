using System.Diagnostics;
using System.Net;
using FluentAssertions;
using MediaBroker.Protocols.WebRtc;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc;

/// <summary>webrtcTrackGatherTimeout: a WHIP publisher's stream starts with the offered tracks that actually send media.</summary>
public sealed class WebRtcTrackGatherTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);
    private static readonly byte[] s_idr = [0x65, 0x88, 0x84, 0x00, 0x33, 0xFF, 0x11, 0x22];
    private static readonly byte[] s_opus = [0xFC, 0xFF, 0xFE];

    [Fact]
    public async Task Whip_OnlyVideoArrives_StreamStartsAfterTheTimeoutWithVideoOnly()
    {
        await using var fx = await WebRtcServerFixture.StartAsync(options: new WebRtcServerOptions { TrackGatherTimeout = TimeSpan.FromSeconds(1) });
        await using var publisher = await ConnectPublisherAsync(fx);

        var clock = Stopwatch.StartNew();
        ushort seq = 0;
        await WebRtcServerTests.WaitUntilAsync(
            () =>
            {
                publisher.SendRtp(102, 1111, seq, seq * 3000u, marker: true, s_idr);
                seq++;
                return fx.Paths.Find("cam")?.IsReady == true;
            },
            s_timeout);

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(800), "the audio track was waited for");
        var stream = fx.Paths.Find("cam")!.Stream!;
        stream.Tracks.Select(t => t.Codec.Name).Should().Equal("H264");
    }

    [Fact]
    public async Task Whip_AllTracksArrive_StreamStartsWithoutWaitingForTheTimeout()
    {
        await using var fx = await WebRtcServerFixture.StartAsync(options: new WebRtcServerOptions { TrackGatherTimeout = TimeSpan.FromSeconds(30) });
        await using var publisher = await ConnectPublisherAsync(fx);

        var clock = Stopwatch.StartNew();
        ushort seq = 0;
        await WebRtcServerTests.WaitUntilAsync(
            () =>
            {
                publisher.SendRtp(102, 1111, seq, seq * 3000u, marker: true, s_idr);
                publisher.SendRtp(111, 2222, seq, seq * 960u, marker: false, s_opus);
                seq++;
                return fx.Paths.Find("cam")?.IsReady == true;
            },
            s_timeout);

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        var stream = fx.Paths.Find("cam")!.Stream!;
        stream.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "Opus");
    }

    [Fact]
    public async Task Whip_NoMediaArrives_SessionClosesAndPathNeverReady()
    {
        await using var fx = await WebRtcServerFixture.StartAsync(options: new WebRtcServerOptions { TrackGatherTimeout = TimeSpan.FromMilliseconds(500) });
        await using var publisher = await ConnectPublisherAsync(fx);
        var session = fx.Server.Sessions.List().Single();

        await session.Completion.WaitAsync(s_timeout);

        session.CloseReason.Should().Contain("webrtcTrackGatherTimeout");
        fx.Paths.Find("cam")?.IsReady.Should().NotBe(true);
    }

    private static async Task<WhepTestClient> ConnectPublisherAsync(WebRtcServerFixture fx)
    {
        var publisher = new WhepTestClient(fx.Http);
        (await publisher.PostWhipOfferAsync(fx.Url("cam/whip"))).Should().Be(HttpStatusCode.Created, publisher.Answer);
        await publisher.ConnectAsync().WaitAsync(s_timeout);
        return publisher;
    }
}
