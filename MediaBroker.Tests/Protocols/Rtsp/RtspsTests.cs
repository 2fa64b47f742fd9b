using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Protocols.Rtsp.Client;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>RTSPS: TLS on the TCP port with a PEM certificate and key, ffmpeg publishing and reading.</summary>
public sealed class RtspsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rtsps-").FullName;

    [Fact]
    public async Task PublishAndRead_OverTls_ReaderDecodes()
    {
        var (cert, key, _) = WriteSelfSignedPem(_dir);
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

    [Fact]
    public async Task PullSource_RtspsUpstreamWithSelfSignedCert_TrustedBySourceFingerprint()
    {
        var (cert, key, fingerprint) = WriteSelfSignedPem(_dir);
        await using var upstream = await RtspTestServer.StartAsync(options: new RtspServerOptions
        {
            Encryption = RtspEncryption.Strict,
            ServerCert = cert,
            ServerKey = key,
        });
        await using var publisher = RtspClients.Publish(upstream.RtspsUrl + "/up", "tcp", audio: null);
        await upstream.WaitReadyAsync("up", RtspClients.Timeout, publisher);

        // The certificate names localhost and is self-signed: only the pinned fingerprint makes it acceptable.
        var conf = TestPaths.Conf(new PathConf { Name = "pulled", Source = upstream.RtspsUrl + "/up", SourceFingerprint = fingerprint });
        await using var downstream = await RtspTestServer.StartAsync(conf: conf, sources: new RtspSourceFactory(TimeSpan.FromSeconds(10)));
        await downstream.WaitReadyAsync("pulled", RtspClients.Timeout);

        var streams = await RtspClients.ProbeAsync(downstream.Url + "/pulled", "tcp");

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Frames > 10);
        upstream.Server.Sessions.Should().Contain(s => s.State == "read", "the downstream source reads over RTSPS");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static (string Cert, string Key, string Fingerprint) WriteSelfSignedPem(string dir)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", ecdsa, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(dir, "server.crt");
        var keyPath = Path.Combine(dir, "server.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, ecdsa.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath, Convert.ToHexString(SHA256.HashData(certificate.RawData)));
    }
}
