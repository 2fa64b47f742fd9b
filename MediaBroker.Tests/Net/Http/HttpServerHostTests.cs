using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using MediaBroker.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Net.Http;

public sealed class HttpServerHostTests
{
    private static Task<HttpServerHost> StartAsync(IReadOnlyList<string>? origins = null, IReadOnlyList<string>? proxies = null, X509Certificate2? cert = null) =>
        HttpServerHost.StartAsync(
            new HttpServerOptions
            {
                Name = "test",
                Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
                AllowOrigins = origins ?? ["*"],
                TrustedProxies = proxies ?? [],
                AllowMethods = "OPTIONS, GET, POST",
                Certificate = cert,
            },
            NullLoggerFactory.Instance,
            app => app.MapGet("/who", (HttpContext c) => $"{c.Connection.RemoteIpAddress} {c.Request.Scheme}"),
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task StartAsync_PortZero_ServesRoutesOnBoundPort()
    {
        await using var host = await StartAsync();
        host.BoundEndPoint.Port.Should().BePositive();
        using var http = new HttpClient();
        (await http.GetStringAsync(new Uri($"http://127.0.0.1:{host.BoundEndPoint.Port}/who")).WaitAsync(TimeSpan.FromSeconds(10)))
            .Should().Be("127.0.0.1 http");
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_Returns204WithMethods()
    {
        await using var host = await StartAsync(origins: ["http://*.example.com"]);
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{host.BoundEndPoint.Port}/who");

        using var ok = new HttpRequestMessage(HttpMethod.Options, url);
        ok.Headers.Add("Origin", "http://a.example.com");
        ok.Headers.Add("Access-Control-Request-Method", "GET");
        using var r = await http.SendAsync(ok).WaitAsync(TimeSpan.FromSeconds(10));
        r.StatusCode.Should().Be(HttpStatusCode.NoContent);
        r.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://a.example.com");
        r.Headers.GetValues("Access-Control-Allow-Methods").Should().Equal("OPTIONS, GET, POST");

        using var other = new HttpRequestMessage(HttpMethod.Get, url);
        other.Headers.Add("Origin", "http://evil.org");
        using var r2 = await http.SendAsync(other).WaitAsync(TimeSpan.FromSeconds(10));
        r2.StatusCode.Should().Be(HttpStatusCode.OK);
        r2.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task ForwardedFor_FromTrustedProxy_RewritesClientAndScheme()
    {
        await using var host = await StartAsync(proxies: ["127.0.0.1"]);
        using var http = new HttpClient();
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{host.BoundEndPoint.Port}/who"));
        req.Headers.Add("X-Forwarded-For", "203.0.113.9");
        req.Headers.Add("X-Forwarded-Proto", "https");
        using var r = await http.SendAsync(req).WaitAsync(TimeSpan.FromSeconds(10));
        (await r.Content.ReadAsStringAsync()).Should().Be("203.0.113.9 https");
    }

    [Fact]
    public async Task ForwardedFor_NoTrustedProxies_Ignored()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient();
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{host.BoundEndPoint.Port}/who"));
        req.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var r = await http.SendAsync(req).WaitAsync(TimeSpan.FromSeconds(10));
        (await r.Content.ReadAsStringAsync()).Should().Be("127.0.0.1 http");
    }

    [Fact]
    public async Task StartAsync_PemCertificate_ServesHttps()
    {
        var dir = Directory.CreateTempSubdirectory("mb-https-");
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certPath = Path.Combine(dir.FullName, "server.crt");
            var keyPath = Path.Combine(dir.FullName, "server.key");
            await File.WriteAllTextAsync(certPath, self.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

            using var cert = HttpCertificates.LoadPem(certPath, keyPath);
            await using var host = await StartAsync(cert: cert);
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == cert.Thumbprint };
            using var http = new HttpClient(handler);
            (await http.GetStringAsync(new Uri($"https://127.0.0.1:{host.BoundEndPoint.Port}/who")).WaitAsync(TimeSpan.FromSeconds(10)))
                .Should().Be("127.0.0.1 https");
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
