using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Forward;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtmp;

/// <summary>
/// The RTMP pusher and the rtmps client against our own RTMP server with a self-signed certificate: a pinned
/// destFingerprint / sourceFingerprint lets the stream through, a wrong pin is refused with a readable error.
/// </summary>
public sealed class RtmpPusherTests
{
    private static readonly PushBackoff Fast = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1));

    [Fact]
    public async Task Push_RtmpsWithPinnedFingerprint_DestinationGetsTheTracks_WrongPinIsAnError()
    {
        using var certificate = SelfSigned();
        await using var server = await RtmpTestServer.StartAsync(options: new RtmpServerOptions { Encryption = RtmpEncryption.Optional, Certificate = certificate });
        await using var publisher = Ffmpeg.Publish($"{server.Url}/live/cam", 60);
        await server.WaitReadyAsync("live/cam", Ffmpeg.Timeout);
        var stream = server.Paths.Find("live/cam")!.Stream!;
        var factory = new RtmpPusherFactory(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        factory.ProtocolOf($"{server.RtmpsUrl}/copy/cam").Should().Be("rtmps");

        // Uppercase with colons: the form openssl prints.
        var pin = string.Join(':', Convert.ToHexString(SHA256.HashData(certificate.RawData)).Chunk(2).Select(c => new string(c)));
        var good = new PushSession("live/cam", stream, new StreamPushTarget($"{server.RtmpsUrl}/copy/cam", pin), [factory], [], NullLogger.Instance, Fast);
        var wrong = new PushSession("live/cam", stream, new StreamPushTarget($"{server.RtmpsUrl}/copy/wrong", new string('a', 64)), [factory], [], NullLogger.Instance, Fast);
        var unpinned = new PushSession("live/cam", stream, new StreamPushTarget($"{server.RtmpsUrl}/copy/unpinned"), [factory], [], NullLogger.Instance, Fast);
        good.Start();
        wrong.Start();
        unpinned.Start();
        try
        {
            await server.WaitReadyAsync("copy/cam", Ffmpeg.Timeout);
            server.Paths.Find("copy/cam")!.Stream!.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "MPEG-4 Audio");
            await WaitAsync(() => good.State == PushState.Forwarding && good.OutboundBytes > 10_000, "the pinned push sends");
            good.Protocol.Should().Be("rtmps");

            await WaitAsync(() => wrong.State == PushState.Error && unpinned.State == PushState.Error, "both unpinned and wrongly pinned pushes fail");
            wrong.LastError.Should().Be("the destination's TLS certificate does not match destFingerprint");
            unpinned.LastError.Should().StartWith("the destination's TLS certificate is not trusted");
            server.Paths.Find("copy/wrong").Should().Match<MediaPath?>(p => p == null || !p.IsReady);
            server.Paths.Find("copy/unpinned").Should().Match<MediaPath?>(p => p == null || !p.IsReady);
        }
        finally
        {
            await Task.WhenAll(good.StopAsync(), wrong.StopAsync(), unpinned.StopAsync()).WaitAsync(Ffmpeg.Timeout);
        }

        good.State.Should().Be(PushState.Idle);
        good.OutboundBytes.Should().BeGreaterThan(10_000);
    }

    [Fact]
    public async Task RtmpsSource_SourceFingerprint_PullsFromASelfSignedServer()
    {
        using var certificate = SelfSigned();
        await using var upstream = await RtmpTestServer.StartAsync(options: new RtmpServerOptions { Encryption = RtmpEncryption.Optional, Certificate = certificate });
        await using var publisher = Ffmpeg.Publish($"{upstream.Url}/live/cam", 60);
        await upstream.WaitReadyAsync("live/cam", Ffmpeg.Timeout);

        var conf = TestPaths.Conf(new PathConf
        {
            Name = "proxy",
            Source = $"{upstream.RtmpsUrl}/live/cam",
            SourceFingerprint = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)),
        });
        using var paths = TestPaths.Manager(conf, null, new RtmpSourceFactory());
        await WaitAsync(() => paths.Find("proxy") is { IsReady: true }, "the pinned rtmps source is ready");
        paths.Find("proxy")!.Stream!.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "MPEG-4 Audio");

        // Without the pin the self-signed certificate is refused.
        using var cts = new CancellationTokenSource(Ffmpeg.Timeout);
        var unpinned = () => RtmpClient.ConnectAsync($"{upstream.RtmpsUrl}/live/cam", cts.Token);
        await unpinned.Should().ThrowAsync<System.Security.Authentication.AuthenticationException>();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Ffmpeg.Timeout;
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
