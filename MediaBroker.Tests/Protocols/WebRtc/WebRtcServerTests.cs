using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Protocols.WebRtc.Sessions;
using MediaBroker.Tests.Core;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc;

public sealed class WebRtcServerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Whep_TwentyViewers_AllReceiveMediaAndAStalledViewerDoesNotSlowTheOthers()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        var viewers = Enumerable.Range(0, 20).Select(_ => new WhepTestClient(fx.Http)).ToList();
        try
        {
            foreach (var v in viewers)
            {
                (await v.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created, v.Answer);
            }

            await Task.WhenAll(viewers.Select(v => v.ConnectAsync())).WaitAsync(s_timeout);
            await WaitUntilAsync(() => viewers.All(v => v.Packets(102) > 20 && v.Packets(111) > 20 && v.SawKeyFrame));

            // One viewer hangs: it reads nothing more. The others keep receiving at the same pace.
            viewers[0].Pause();
            var before = viewers.Skip(1).Select(v => v.TotalPackets).ToArray();
            await WaitUntilAsync(() => viewers.Skip(1).Select((v, i) => v.TotalPackets - before[i]).All(d => d > 50));

            viewers.Should().OnlyContain(v => v.AuthFailures == 0);
            await WaitUntilAsync(() => viewers.Skip(1).All(v => v.RtcpPackets > 0)); // sender reports
            fx.Server.Sessions.Count.Should().Be(20);
            fx.Server.Sessions.List().Should().OnlyContain(s => s.PeerConnectionEstablished && s.State == "read" && s.Path == "cam");
            media.Stream.Units.SubscriberCount.Should().Be(0, "WebRTC viewers read the shared RTP encoder, not the units");
        }
        finally
        {
            foreach (var v in viewers)
            {
                await v.DisposeAsync();
            }
        }

        await WaitUntilAsync(() => fx.Server.Sessions.Count == 0);
    }

    [Fact]
    public async Task Whep_AnswerSdp_IsIceLitePassiveWithOneCodecPerSection()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "live/cam");
        await using var viewer = new WhepTestClient(fx.Http);

        (await viewer.PostOfferAsync(fx.Url("live/cam/whep"))).Should().Be(HttpStatusCode.Created);

        viewer.Location.Should().MatchRegex("^/live/cam/whep/[0-9a-f]{32}$");
        var answer = viewer.Answer;
        answer.Should().Contain("a=ice-lite\r\n").And.Contain("a=setup:passive\r\n").And.Contain("a=group:BUNDLE 0 1\r\n");
        answer.Should().Contain("m=video 9 UDP/TLS/RTP/SAVPF 102\r\n").And.Contain("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n");
        answer.Should().Contain("a=sendonly").And.Contain("a=fingerprint:sha-256 ").And.Contain("a=rtcp-fb:102 nack pli");
        answer.Should().Contain($" 127.0.0.1 {fx.Server.UdpEndPoint!.Port} typ host");
    }

    [Fact]
    public async Task Whep_IceTcp_ViewerReceivesMediaOverTheTcpCandidate()
    {
        await using var fx = await WebRtcServerFixture.StartAsync(options: new() { LocalTcpAddress = "127.0.0.1:0" });
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        await using var viewer = new WhepTestClient(fx.Http, tcp: true);

        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created);
        viewer.Answer.Should().Contain($" 127.0.0.1 {fx.Server.TcpEndPoint!.Port} typ host tcptype passive");
        await viewer.ConnectAsync();

        await WaitUntilAsync(() => viewer.Packets(102) > 20 && viewer.Packets(111) > 20 && viewer.SawKeyFrame);
        viewer.AuthFailures.Should().Be(0);
        fx.Server.Sessions.List().Single().LocalCandidate.Should().StartWith("host/tcp/");
    }

    [Fact]
    public async Task Whep_NoPublisher_Returns404()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        await using var viewer = new WhepTestClient(fx.Http);

        (await viewer.PostOfferAsync(fx.Url("nothing/whep"))).Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Whep_StreamWithoutWebRtcCodec_Returns400WithMessage()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        var lease = (await fx.Paths.AddPublisherAsync(TestPaths.Access("aac"), new TestPaths.Peer(), CancellationToken.None)).Value!;
        using var _ = lease;
        lease.StartStream([new Track(0, new Mpeg4AudioCodec([0x12, 0x10], 44100, 2))]);
        await using var viewer = new WhepTestClient(fx.Http);

        (await viewer.PostOfferAsync(fx.Url("aac/whep"))).Should().Be(HttpStatusCode.BadRequest);
        viewer.Answer.Should().Contain("no track WebRTC can carry").And.Contain("MPEG-4 Audio");
        fx.Paths.Find("aac")!.ReaderCount.Should().Be(0);
    }

    [Fact]
    public async Task Whep_CredentialsRequired_Returns401WithBasicChallenge()
    {
        await using var fx = await WebRtcServerFixture.StartAsync(auth: new RequireUserAuthorizer());
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        using var content = new StringContent(WhepTestClient.Offer(MediaBroker.Protocols.WebRtc.Ice.IceCredentials.Generate(), "sha-256 00"), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");

        using var response = await fx.Http.PostAsync(fx.Url("cam/whep"), content);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Basic realm=\"mediabroker\"");
        using var content2 = new StringContent(WhepTestClient.Offer(MediaBroker.Protocols.WebRtc.Ice.IceCredentials.Generate(), "sha-256 00"), Encoding.UTF8);
        content2.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        using var ok = await fx.Http.PostAsync(fx.Url("cam/whep?user=u&pass=p"), content2);
        ok.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("GET", "cam/whep")]
    [InlineData("HEAD", "cam/whip")]
    [InlineData("PUT", "cam/whip")]
    [InlineData("POST", "cam/whep/0123456789abcdef0123456789abcdef")]
    public async Task Signalling_WrongMethod_Returns405(string method, string url)
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), fx.Url(url));

        using var response = await fx.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Session_Unknown_Returns404(string method)
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), fx.Url("cam/whep/0123456789abcdef0123456789abcdef"));

        using var response = await fx.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Options_Whip_AnswersCorsPreflight()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, fx.Url("cam/whip"));
        request.Headers.Add("Origin", "https://example.org");

        using var response = await fx.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(["https://example.org"], "allowOrigins \"*\" echoes the origin, as on every HTTP server");
        response.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("PATCH").And.Contain("DELETE");
    }

    [Fact]
    public async Task DeleteAndPatch_ExistingSession_PatchIsAcceptedAndDeleteClosesIt()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        await using var viewer = new WhepTestClient(fx.Http);
        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created);
        fx.Server.Sessions.Count.Should().Be(1);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, fx.Url(viewer.Location!.TrimStart('/')))
        {
            Content = new StringContent("a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n", Encoding.UTF8, "application/trickle-ice-sdpfrag"),
        };
        (await fx.Http.SendAsync(patch)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await fx.Http.DeleteAsync(fx.Url(viewer.Location!.TrimStart('/')))).StatusCode.Should().Be(HttpStatusCode.OK);

        await WaitUntilAsync(() => fx.Server.Sessions.Count == 0);
        fx.Paths.Find("cam")!.ReaderCount.Should().Be(0);
    }

    [Fact]
    public async Task Session_NoIceChecks_ClosesAfterHandshakeTimeout()
    {
        await using var fx = await WebRtcServerFixture.StartAsync(options: new() { HandshakeTimeout = TimeSpan.FromMilliseconds(500) });
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        await using var viewer = new WhepTestClient(fx.Http);
        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created);
        var session = fx.Server.Sessions.List().Single();

        await session.Completion.WaitAsync(s_timeout);

        session.CloseReason.Should().Contain("deadline exceeded");
        fx.Server.Sessions.Count.Should().Be(0);
    }

    [Fact]
    public async Task Session_PeerStopsIceChecks_ClosesWhenConsentExpires()
    {
        await using var fx = await WebRtcServerFixture.StartAsync(options: new() { ConsentTimeout = TimeSpan.FromSeconds(1) });
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        await using var viewer = new WhepTestClient(fx.Http);
        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created);
        await viewer.ConnectAsync(); // the test client sends checks only while connecting
        var session = fx.Server.Sessions.List().Single();

        await session.Completion.WaitAsync(s_timeout);

        session.CloseReason.Should().StartWith("consent expired");
        fx.Paths.Find("cam")!.ReaderCount.Should().Be(0);
    }

    [Fact]
    public async Task UdpPort_RandomDatagrams_AreIgnoredAndSessionsStillWork()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        using (var junk = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp))
        {
            var rng = new Random(7);
            var buffer = new byte[300];
            for (var i = 0; i < 3000; i++)
            {
                rng.NextBytes(buffer);
                if (i % 3 == 0)
                {
                    // STUN-looking: type 0x0001, magic cookie, sometimes a USERNAME attribute header.
                    buffer[0] = 0;
                    buffer[1] = 1;
                    buffer[4] = 0x21;
                    buffer[5] = 0x12;
                    buffer[6] = 0xA4;
                    buffer[7] = 0x42;
                }

                junk.SendTo(buffer.AsSpan(0, rng.Next(1, buffer.Length)), System.Net.Sockets.SocketFlags.None, fx.Server.UdpEndPoint!);
            }
        }

        await using var viewer = new WhepTestClient(fx.Http);
        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created);
        await viewer.ConnectAsync();
        await WaitUntilAsync(() => viewer.Packets(102) > 10);
    }

    [Fact]
    public async Task Pages_ReaderAndPublisher_AreServed()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();

        var reader = await fx.Http.GetAsync(fx.Url("live/cam"));
        var publisher = await fx.Http.GetAsync(fx.Url("live/cam/publish"));

        reader.StatusCode.Should().Be(HttpStatusCode.OK);
        reader.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await reader.Content.ReadAsStringAsync()).Should().Contain("/whep");
        (await publisher.Content.ReadAsStringAsync()).Should().Contain("/whip").And.Contain("getUserMedia");
    }

    [Fact]
    public async Task Kick_ById_ClosesTheSession()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        await using var viewer = new WhepTestClient(fx.Http);
        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created);
        await viewer.ConnectAsync();
        WebRtcSession session = fx.Server.Sessions.List().Single();

        fx.Server.Sessions.Kick(session.Id).Should().BeTrue();

        await session.Completion.WaitAsync(s_timeout);
        session.CloseReason.Should().Be("kicked");
        fx.Server.Sessions.Kick(session.Id).Should().BeFalse();
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? s_timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }

            await Task.Delay(20);
        }
    }

    private sealed class RequireUserAuthorizer : IPathAuthorizer
    {
        public ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct) =>
            ValueTask.FromResult(action == PathAction.Publish || (access.User == "u" && access.Password == "p")
                ? AuthDecision.Allowed
                : access.HasCredentials ? AuthDecision.Denied : AuthDecision.CredentialsRequired);
    }
}
