using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using MediaBroker.Servers.Rtsp;
using Xunit;

namespace MediaBroker.Tests.Servers.Rtsp;

/// <summary>RTSPS: TLS on the TCP port with a PEM certificate and key, ffmpeg publishing and reading.</summary>
public sealed class RtspsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rtsps-").FullName;

    [Fact]
    public async Task PublishAndRead_OverTls_ReaderDecodes()
    {
        var (cert, key) = WriteSelfSignedPem(_dir);
        await using var server = await RtspTestServer.StartAsync(options: new RtspServerOptions
        {
            Encryption = RtspEncryption.Strict,
            ServerCert = cert,
            ServerKey = key,
        });
        server.Server.BoundEndPoint.Should().BeNull("strict encryption opens no plain listener");
        await using var publisher = RtspClients.Publish(server.RtspsUrl + "/secure", "tcp", audio: null);
        await server.WaitReadyAsync("secure", RtspClients.Timeout, publisher);

        var streams = await RtspClients.ProbeAsync(server.RtspsUrl + "/secure", "tcp");

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Frames > 10);
        server.Server.Sessions.Should().Contain(s => s.State == "publish");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (string Cert, string Key) WriteSelfSignedPem(string dir)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", ecdsa, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(dir, "server.crt");
        var keyPath = Path.Combine(dir, "server.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, ecdsa.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }
}
