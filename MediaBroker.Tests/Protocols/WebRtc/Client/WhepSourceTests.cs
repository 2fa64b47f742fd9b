using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Protocols.WebRtc.Client;
using MediaBroker.Tests.Core;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Client;

public sealed class WhepSourceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("whep://host:8889/cam", "http://host:8889/cam/whep")]
    [InlineData("wheps://host/live/cam/whep", "https://host/live/cam/whep")]
    [InlineData("whep://host:1/cam?token=x", "http://host:1/cam/whep?token=x")]
    public void EndpointUrl_SourceUrl_MapsToTheWhepEndpoint(string source, string expected)
    {
        WhepSource.EndpointUrl(source).ToString().Should().Be(expected);
    }

    [Fact]
    public async Task WhepSource_SecondWebRtcServer_UnitsArriveWithTheUpstreamCodecs()
    {
        await using var upstream = await WebRtcServerFixture.StartAsync();
        await using var media = await WebRtcTestMedia.PublishAsync(upstream.Paths, "cam");
        var url = $"whep://127.0.0.1:{upstream.Server.BoundEndPoint!.Port}/cam";
        using var paths = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "relay", Source = url }), null, new WhepSourceFactory());

        await WebRtcServerTests.WaitUntilAsync(() => paths.Find("relay")?.IsReady == true, s_timeout);
        var stream = paths.Find("relay")!.Stream!;
        stream.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "Opus");
        paths.Find("relay")!.Source!.ApiType.Should().Be("webRTCSource");

        var queue = stream.Units.Subscribe(stream.ReaderOptions("test"));
        int video = 0, audio = 0, keyFrames = 0;
        using var cts = new CancellationTokenSource(s_timeout);
        while ((video < 30 || audio < 30 || keyFrames == 0) && await queue.Reader.WaitToReadAsync(cts.Token))
        {
            while (queue.Reader.TryRead(out var unit))
            {
                if (unit.IsVideo)
                {
                    video++;
                    keyFrames += unit.IsRandomAccess ? 1 : 0;
                }
                else
                {
                    audio++;
                }
            }
        }

        stream.Units.Unsubscribe(queue);
        keyFrames.Should().BeGreaterThan(0);
        upstream.Server.Sessions.List().Should().ContainSingle(s => s.State == "read" && s.PeerConnectionEstablished);
    }

    [Fact]
    public async Task WhepSource_BearerToken_IsSentAndTheProtectedStreamIsRelayed()
    {
        await using var upstream = await WebRtcServerFixture.StartAsync(auth: new TokenAuthorizer());
        await using var media = await WebRtcTestMedia.PublishAsync(upstream.Paths, "cam");
        var url = $"whep://127.0.0.1:{upstream.Server.BoundEndPoint!.Port}/cam";
        using var paths = TestPaths.Manager(
            TestPaths.Conf(new PathConf { Name = "relay", Source = url, WhepBearerToken = "s3cret" }), null, new WhepSourceFactory());

        await WebRtcServerTests.WaitUntilAsync(() => paths.Find("relay")?.IsReady == true, s_timeout);

        paths.Find("relay")!.Stream!.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "Opus");
    }

    private sealed class TokenAuthorizer : IPathAuthorizer
    {
        public ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct) =>
            ValueTask.FromResult(action == PathAction.Publish || access.Token == "s3cret"
                ? AuthDecision.Allowed
                : access.HasCredentials ? AuthDecision.Denied : AuthDecision.CredentialsRequired);
    }
}
