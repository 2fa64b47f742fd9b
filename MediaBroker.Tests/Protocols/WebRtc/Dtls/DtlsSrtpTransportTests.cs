using FluentAssertions;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Tests.Formats.Rtp.Srtp;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Dtls;

public sealed class DtlsSrtpTransportTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);
    private readonly DtlsCertificate _serverCert = DtlsCertificate.Create("server");
    private readonly DtlsCertificate _clientCert = DtlsCertificate.Create("client");

    public void Dispose()
    {
        _serverCert.Dispose();
        _clientCert.Dispose();
    }

    [Fact]
    public async Task HandshakeAsync_LoopbackServerAndClient_DeriveMatchingKeys()
    {
        var (server, client) = Wire(_clientCert.Fingerprint, _serverCert.Fingerprint);
        using (server)
        using (client)
        {
            var serverKeys = server.HandshakeAsync();
            var clientKeys = client.HandshakeAsync();

            var s = await serverKeys.WaitAsync(s_timeout);
            var c = await clientKeys.WaitAsync(s_timeout);

            s.Profile.Should().Be(SrtpProfile.AeadAes128Gcm, "GCM is first in the default preference list");
            c.Profile.Should().Be(s.Profile);
            c.ClientKey.Should().Equal(s.ClientKey);
            c.ServerKey.Should().Equal(s.ServerKey);
            c.ClientSalt.Should().Equal(s.ClientSalt);
            c.ServerSalt.Should().Equal(s.ServerSalt);
            s.ClientKey.Should().NotEqual(s.ServerKey);

            // The server's outbound context pairs with the client's inbound one.
            using var tx = s.CreateOutbound(localIsDtlsServer: true);
            using var rx = c.CreateInbound(localIsDtlsServer: false);
            var buffer = new byte[1500];
            int n = tx.ProtectRtp(buffer, SrtpContextTests.MakeRtp(buffer, 1, 99, 300));
            rx.UnprotectRtp(buffer.AsSpan(0, n), out _).Should().Be(SrtpResult.Ok);
        }
    }

    [Fact]
    public async Task HandshakeAsync_ClientOffersOnlyAesCm_ServerPicksIt()
    {
        var clientOptions = new DtlsSrtpOptions { Profiles = [SrtpProfile.Aes128CmHmacSha1_80] };
        var (server, client) = Wire(_clientCert.Fingerprint, _serverCert.Fingerprint, clientOptions: clientOptions);
        using (server)
        using (client)
        {
            var serverKeys = server.HandshakeAsync();
            var c = await client.HandshakeAsync().WaitAsync(s_timeout);
            var s = await serverKeys.WaitAsync(s_timeout);

            s.Profile.Should().Be(SrtpProfile.Aes128CmHmacSha1_80);
            c.ClientKey.Should().HaveCount(16).And.Equal(s.ClientKey);
            c.ServerSalt.Should().HaveCount(14).And.Equal(s.ServerSalt);
        }
    }

    [Fact]
    public async Task HandshakeAsync_ClientFingerprintMismatch_BothSidesFail()
    {
        using var other = DtlsCertificate.Create("other");
        var (server, client) = Wire(other.Fingerprint, _serverCert.Fingerprint, serverOptions: new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromSeconds(5) }, clientOptions: new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromSeconds(5) });
        using (server)
        using (client)
        {
            var serverKeys = server.HandshakeAsync();
            var clientKeys = client.HandshakeAsync();

            var serverAct = async () => await serverKeys.WaitAsync(s_timeout);
            (await serverAct.Should().ThrowAsync<DtlsHandshakeException>()).Which.Message.Should().Contain("fingerprint");
            var clientAct = async () => await clientKeys.WaitAsync(s_timeout);
            await clientAct.Should().ThrowAsync<DtlsHandshakeException>();
        }
    }

    [Fact]
    public async Task HandshakeAsync_ServerFingerprintMismatch_ClientFails()
    {
        using var other = DtlsCertificate.Create("other");
        var options = new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromSeconds(5) };
        var (server, client) = Wire(_clientCert.Fingerprint, other.Fingerprint, options, options);
        using (server)
        using (client)
        {
            var serverKeys = server.HandshakeAsync();
            var act = async () => await client.HandshakeAsync().WaitAsync(s_timeout);

            (await act.Should().ThrowAsync<DtlsHandshakeException>()).Which.Message.Should().Contain("fingerprint");
            var serverAct = async () => await serverKeys.WaitAsync(s_timeout);
            await serverAct.Should().ThrowAsync<DtlsHandshakeException>();
        }
    }

    [Fact]
    public async Task HandshakeAsync_PeerNeverAnswers_FailsAfterTimeout()
    {
        var options = new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(700) };
        using var client = new DtlsSrtpTransport(DtlsRole.Client, _clientCert, _serverCert.Fingerprint, static _ => { }, options);
        var started = DateTime.UtcNow;

        var act = async () => await client.HandshakeAsync().WaitAsync(s_timeout);

        await act.Should().ThrowAsync<DtlsHandshakeException>();
        (DateTime.UtcNow - started).Should().BeGreaterThan(TimeSpan.FromMilliseconds(600));
        await client.Completion.WaitAsync(s_timeout);
    }

    [Fact]
    public async Task HandshakeAsync_Cancelled_AbortsPromptly()
    {
        using var server = new DtlsSrtpTransport(DtlsRole.Server, _serverCert, _clientCert.Fingerprint, static _ => { });
        using var cts = new CancellationTokenSource();

        var task = server.HandshakeAsync(cts.Token);
        await cts.CancelAsync();

        var act = async () => await task.WaitAsync(s_timeout);
        await act.Should().ThrowAsync<OperationCanceledException>();
        await server.Completion.WaitAsync(s_timeout);
    }

    [Fact]
    public async Task Close_AfterHandshake_SendsCloseNotifyAndEndsBothSides()
    {
        var (server, client) = Wire(_clientCert.Fingerprint, _serverCert.Fingerprint);
        using (server)
        using (client)
        {
            var serverKeys = server.HandshakeAsync();
            await client.HandshakeAsync().WaitAsync(s_timeout);
            await serverKeys.WaitAsync(s_timeout);

            var sw = System.Diagnostics.Stopwatch.StartNew();
            client.Close();

            await client.Completion.WaitAsync(s_timeout);
            var clientDone = sw.Elapsed;
            await server.Completion.WaitAsync(s_timeout);
            var serverDone = sw.Elapsed;
            clientDone.Should().BeLessThan(TimeSpan.FromSeconds(2));
            serverDone.Should().BeLessThan(TimeSpan.FromSeconds(2));
        }
    }

    [Fact]
    public void RewriteClientHelloVersion_Epoch0ClientHelloFeff_BecomesFefd()
    {
        // Record: handshake(22), FEFF, epoch 0, seq 0, length 1, body = client_hello(1).
        var datagram = Convert.FromHexString("16FEFF0000000000000000000101" + "16FEFF0001000000000000000101");

        DtlsDatagramQueue.RewriteClientHelloVersion(datagram);

        datagram[2].Should().Be(0xFD);
        datagram[14 + 2].Should().Be(0xFF, "epoch 1 records are left alone");
    }

    [Fact]
    public void Fingerprint_Format_IsSha256UpperHexWithColons()
    {
        _serverCert.Fingerprint.Should().MatchRegex("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$");
        DtlsFingerprint.Matches(_serverCert.Fingerprint.ToLowerInvariant().Replace("sha-256", "SHA-256", StringComparison.Ordinal), _serverCert.Der).Should().BeTrue();
        DtlsFingerprint.Matches(_clientCert.Fingerprint, _serverCert.Der).Should().BeFalse();
    }

    private (DtlsSrtpTransport Server, DtlsSrtpTransport Client) Wire(
        string clientFingerprintSeenByServer,
        string serverFingerprintSeenByClient,
        DtlsSrtpOptions? serverOptions = null,
        DtlsSrtpOptions? clientOptions = null)
    {
        DtlsSrtpTransport? server = null;
        DtlsSrtpTransport? client = null;

        // In-memory wire: each send is pushed straight into the other side's queue (PushDatagram copies).
        server = new DtlsSrtpTransport(DtlsRole.Server, _serverCert, clientFingerprintSeenByServer, m => client!.PushDatagram(m.Span), serverOptions);
        client = new DtlsSrtpTransport(DtlsRole.Client, _clientCert, serverFingerprintSeenByClient, m => server.PushDatagram(m.Span), clientOptions);
        return (server, client);
    }
}
