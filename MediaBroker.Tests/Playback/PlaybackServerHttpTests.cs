using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Conf;
using Xunit;

namespace MediaBroker.Tests.Playback;

/// <summary>The shared HTTP host's features as the playback keys configure them: TLS and CORS (trusted proxies: PlaybackServerTests).</summary>
public sealed class PlaybackServerHttpTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mb-playhttp-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task PlaybackEncryption_ServesHttpsWithPemFiles()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certPath = Path.Combine(_dir.FullName, "server.crt");
        var keyPath = Path.Combine(_dir.FullName, "server.key");
        await File.WriteAllTextAsync(certPath, cert.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c!.Thumbprint == cert.Thumbprint };
        await using var host = await PlaybackTestHost.StartAsync(
            Conf() with { PlaybackEncryption = true, PlaybackServerCert = certPath, PlaybackServerKey = keyPath }, handler);

        using var response = await host.GetAsync("/list?path=cam");

        host.BaseAddress.Scheme.Should().Be("https");
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain("no recordings found");
    }

    [Fact]
    public async Task PlaybackAllowOrigins_OnlyListedOriginAllowed()
    {
        await using var host = await PlaybackTestHost.StartAsync(Conf() with { PlaybackAllowOrigins = ["http://player.example.com"] });
        foreach (var (origin, allowed) in new[] { ("http://player.example.com", true), ("http://evil.example.com", false) })
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/list?path=cam");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");

            using var response = await host.Client.SendAsync(request);

            response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values).Should().Be(allowed, origin);
            if (allowed)
            {
                values.Should().Equal(origin);
            }
        }
    }

    private BrokerConf Conf() => new()
    {
        Paths = [new PathConf { Name = "all_others", RecordPath = Path.Combine(_dir.FullName, "%path", "%Y-%m-%d_%H-%M-%S-%f") }],
    };
}
