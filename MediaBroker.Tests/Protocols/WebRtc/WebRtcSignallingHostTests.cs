using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Protocols.WebRtc;
using MediaBroker.Tests.Core;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc;

/// <summary>WebRTC signalling on the shared HTTP host: webrtcTrustedProxies, webrtcAllowOrigins and CORS preflights.</summary>
public sealed class WebRtcSignallingHostTests
{
    [Theory]
    [InlineData("127.0.0.1", "198.51.100.9, 203.0.113.7", "203.0.113.7")]
    [InlineData("127.0.0.0/8", "203.0.113.7, 127.0.0.5", "203.0.113.7")]
    [InlineData("192.0.2.1", "203.0.113.7", "127.0.0.1")]
    public async Task Whip_ForwardedFor_BelievedOnlyFromTrustedProxies(string trusted, string forwardedFor, string expected)
    {
        var auth = new RecordingAuthorizer();
        await using var fx = await WebRtcServerFixture.StartAsync(auth, new WebRtcServerOptions { TrustedProxies = [trusted] });
        fx.Http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        await using var publisher = new WhepTestClient(fx.Http);

        (await publisher.PostWhipOfferAsync(fx.Url("cam/whip"))).Should().Be(HttpStatusCode.Created, publisher.Answer);

        auth.RemoteIps.Should().Equal(IPAddress.Parse(expected));
        fx.Server.Sessions.List().Single().RemoteAddr.Address.Should().Be(IPAddress.Parse(expected));
        WebRtcApiResources.Sessions(fx.Server).Single().RemoteAddr.Should().StartWith(expected + ":");
    }

    [Theory]
    [InlineData("http://a.example.com", "http://a.example.com")]
    [InlineData("http://evil.org", null)]
    public async Task Whep_WildcardAllowOrigins_EchoesMatchingOriginsOnly(string origin, string? expected)
    {
        await using var fx = await WebRtcServerFixture.StartAsync(options: new WebRtcServerOptions { AllowOrigins = ["http://*.example.com"] });
        using var request = new HttpRequestMessage(HttpMethod.Get, fx.Url("cam"));
        request.Headers.Add("Origin", origin);

        using var response = await fx.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed).Should().Be(expected is not null);
        if (expected is not null)
        {
            allowed.Should().Equal(expected);
            response.Headers.GetValues("Access-Control-Expose-Headers").Single().Should().Contain("Location").And.Contain("ETag");
        }
    }

    [Fact]
    public async Task Preflight_WhepPost_AnsweredWithWhepMethodsAndHeaders()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, fx.Url("cam/whep"));
        request.Headers.Add("Origin", "https://player.example.org");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");

        using var response = await fx.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://player.example.org");
        response.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("POST").And.Contain("PATCH").And.Contain("DELETE");
        response.Headers.GetValues("Access-Control-Allow-Headers").Single().Should().Contain("Authorization").And.Contain("Content-Type");
    }

    [Fact]
    public async Task Encryption_PemFiles_PagesServedOverHttpsOnly()
    {
        var dir = Directory.CreateTempSubdirectory("mb-webrtc-https-");
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var self = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var options = new WebRtcServerOptions
            {
                Address = "127.0.0.1:0",
                LocalUdpAddress = "127.0.0.1:0",
                Encryption = true,
                ServerCert = Path.Combine(dir.FullName, "server.crt"),
                ServerKey = Path.Combine(dir.FullName, "server.key"),
            };
            await File.WriteAllTextAsync(options.ServerCert, self.ExportCertificatePem());
            await File.WriteAllTextAsync(options.ServerKey, key.ExportPkcs8PrivateKeyPem());
            using var paths = TestPaths.Manager();
            await using var server = new WebRtcServer(paths, NullLoggerFactory.Instance);
            await server.StartAsync(options, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == self.Thumbprint };
            using var https = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
            using var page = await https.GetAsync(new Uri($"https://127.0.0.1:{server.BoundEndPoint!.Port}/cam"));
            page.StatusCode.Should().Be(HttpStatusCode.OK);
            using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            await plain.Invoking(c => c.GetAsync(new Uri($"http://127.0.0.1:{server.BoundEndPoint.Port}/cam"))).Should().ThrowAsync<HttpRequestException>();
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private sealed class RecordingAuthorizer : IPathAuthorizer
    {
        public ConcurrentQueue<IPAddress> RemoteIps { get; } = new();

        public ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct)
        {
            RemoteIps.Enqueue(access.RemoteIp);
            return ValueTask.FromResult(AuthDecision.Allowed);
        }
    }
}
