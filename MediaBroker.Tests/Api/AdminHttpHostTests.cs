using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using MediaBroker.Api;
using MediaBroker.Conf;
using MediaBroker.Tests.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Api;

public sealed class AdminHttpHostTests
{
    private static Task<AdminHttpHost> EchoIpHostAsync(AdminHttpOptions options) =>
        AdminHttpHost.StartAsync(options, NullLoggerFactory.Instance,
            e => e.MapGet("/ip", ctx => ctx.Response.WriteAsync(ctx.Connection.RemoteIpAddress!.ToString())), CancellationToken.None);

    [Theory]
    [InlineData("127.0.0.1", "10.0.0.5", "10.0.0.5")]
    [InlineData("127.0.0.0/8", "6.6.6.6, 10.0.0.5", "10.0.0.5")]
    [InlineData("10.9.9.9", "10.0.0.5", "127.0.0.1")]
    public async Task ForwardedFor_BelievedOnlyFromTrustedProxies(string trusted, string header, string expected)
    {
        await using var host = await EchoIpHostAsync(new AdminHttpOptions { Name = "t", Address = "127.0.0.1:0", TrustedProxies = [trusted] });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.BoundEndPoint.Port}"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", header);
        (await client.GetStringAsync("/ip")).Should().Be(expected);
    }

    [Fact]
    public async Task Encryption_ServesHttpsWithPemFiles()
    {
        var dir = Directory.CreateTempSubdirectory("mb-tls-");
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            var certPath = Path.Combine(dir.FullName, "server.crt");
            var keyPath = Path.Combine(dir.FullName, "server.key");
            await File.WriteAllTextAsync(certPath, cert.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
            await using var host = await EchoIpHostAsync(new AdminHttpOptions
            {
                Name = "t", Address = "127.0.0.1:0", Encryption = true, ServerCert = certPath, ServerKey = keyPath,
            });
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c!.Thumbprint == cert.Thumbprint };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            (await client.GetStringAsync($"https://127.0.0.1:{host.BoundEndPoint.Port}/ip")).Should().Be("127.0.0.1");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("http://a.example.com", true)]
    [InlineData("http://example.com", false)]
    [InlineData("https://a.example.com", false)]
    public void Cors_WildcardOrigins(string origin, bool allowed) =>
        (new MediaBroker.Net.Http.HttpCorsPolicy(["http://*.example.com"]).AllowedOrigin(origin) is not null).Should().Be(allowed);

    [Fact]
    public async Task Api_TrustedProxy_AuthUsesForwardedClientIp()
    {
        var conf = TestPaths.Conf() with
        {
            ApiTrustedProxies = ["127.0.0.1"],
            AuthInternalUsers = [new AuthInternalUserConf { User = "any", Ips = ["10.0.0.5"], Permissions = [new("api")] }],
        };
        await using var host = await ApiTestHost.StartAsync(conf);
        (await host.GetAsync("/v3/info")).Status.Should().Be(HttpStatusCode.Unauthorized);
        host.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "10.0.0.5");
        (await host.GetAsync("/v3/info")).Status.Should().Be(HttpStatusCode.OK);
    }
}
