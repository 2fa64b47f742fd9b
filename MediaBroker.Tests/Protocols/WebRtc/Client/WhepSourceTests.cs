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

    [RequiresFfmpegFact]
    public async Task WhepsSource_SourceFingerprint_PinsTheSelfSignedCertificate_AWrongPinIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("mb-wheps-");
        try
        {
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            using var self = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key,
                System.Security.Cryptography.HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "server.crt"), self.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "server.key"), key.ExportPkcs8PrivateKeyPem());
            await using var upstream = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners +
                $"webrtcEncryption: yes\nwebrtcServerCert: {dir.FullName}/server.crt\nwebrtcServerKey: {dir.FullName}/server.key\npaths:\n  all_others:\n");
            var rtsp = (await upstream.ListenerAsync("RTSP")).Port;
            var webrtc = await upstream.Process.WaitForLineAsync(l => l.Contains("(ICE/UDP)", StringComparison.Ordinal), BrokerProcess.StartTimeout);
            var https = System.Text.RegularExpressions.Regex.Match(webrtc, @"listener opened on (\S+) \(HTTP\)").Groups[1].Value;
            await using var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/cam", 60, "-rtsp_transport", "tcp");

            var pin = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(self.RawData)).ToLowerInvariant();
            var wrong = new string('0', 64);
            using var paths = TestPaths.Manager(TestPaths.Conf(
                new PathConf { Name = "pinned", Source = $"wheps://{https}/cam", SourceFingerprint = pin },
                new PathConf { Name = "wrong", Source = $"wheps://{https}/cam", SourceFingerprint = wrong }), null, new WhepSourceFactory());

            await WebRtcServerTests.WaitUntilAsync(() => paths.Find("pinned")?.IsReady == true, s_timeout);
            paths.Find("pinned")!.Stream!.Tracks.Select(t => t.Codec.Name).Should().Contain("H264");
            paths.Find("wrong")?.IsReady.Should().NotBe(true, "a certificate that does not match the pin is refused");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
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
