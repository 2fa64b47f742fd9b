using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.WebRtc.Client;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Signalling;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Client;

/// <summary>
/// whepSTUNGatherTimeout: a whep:// source asks the STUN servers the WHEP server lists (OPTIONS, Link headers) where
/// they see its media socket, waiting at most the timeout, and trickles the server-reflexive candidates.
/// </summary>
public sealed partial class WhepStunGatherTests
{
    private static readonly IPAddress PublicAddress = IPAddress.Parse("203.0.113.9");

    [Fact]
    public async Task Transport_StunServerAnswers_MappedAddressOfTheMediaSocket()
    {
        await using var stun = new TestStunServer(PublicAddress);
        using var certificate = DtlsCertificate.Create("test");
        await using var transport = Transport(certificate);

        var mapped = await transport.GatherServerReflexiveAsync([new IPEndPoint(IPAddress.Loopback, stun.Port)], TimeSpan.FromSeconds(20), CancellationToken.None);

        mapped.Should().Equal(new IPEndPoint(PublicAddress, transport.LocalEndPoint.Port));
        stun.Requests.Should().OnlyContain(e => e.Port == transport.LocalEndPoint.Port, "the media socket itself asked");
    }

    [Fact]
    public async Task Transport_SilentStunServer_GivesUpAfterTheTimeout()
    {
        var timeout = TimeSpan.FromSeconds(1.5);
        await using var stun = new TestStunServer(PublicAddress, silent: true);
        using var certificate = DtlsCertificate.Create("test");
        await using var transport = Transport(certificate);

        var watch = Stopwatch.StartNew();
        var mapped = await transport.GatherServerReflexiveAsync([new IPEndPoint(IPAddress.Loopback, stun.Port)], timeout, CancellationToken.None);

        mapped.Should().BeEmpty();
        watch.Elapsed.Should().BeGreaterThanOrEqualTo(timeout - TimeSpan.FromMilliseconds(50)).And.BeLessThan(timeout + TimeSpan.FromSeconds(10));
        stun.Requests.Count.Should().BeGreaterThan(1, "requests are retransmitted while waiting");
    }

    [Fact]
    public void IceServerLinks_ParseUrls_TakesIceServerLinksOnly() =>
        IceServerLinks.ParseUrls(["<stun:a.example:3478>; rel=\"ice-server\"", "<turn:b.example>; rel=\"ice-server\"; username=\"u\", </other>; rel=\"next\""])
            .Should().Equal("stun:a.example:3478", "turn:b.example");

    /// <summary>The real executable: a whep:// source of its own path gathers from the clientOnly STUN server it lists.</summary>
    [RequiresFfmpegFact]
    public async Task Broker_WhepSource_AsksTheListedStunServer_AndGetsReady()
    {
        await using var stun = new TestStunServer(PublicAddress);
        var yaml = BrokerProcess.LoopbackListeners + $"""
            webrtcICEServers2:
              - url: stun:127.0.0.1:{stun.Port}
                clientOnly: yes
            paths:
              cam:

            """;
        await using var broker = await BrokerProcess.StartAsync(yaml);
        var rtsp = await broker.ListenerAsync("RTSP");
        var line = await broker.Process.WaitForLineAsync(l => l.Contains("(ICE/UDP)", StringComparison.Ordinal), BrokerProcess.StartTimeout);
        var m = WebRtcListener().Match(line);
        var http = m.Groups[1].Value;
        var icePort = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        await using var publisher = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "warning", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-t", "60", "-c:v", "libx264", "-profile:v", "baseline", "-bf", "0", "-preset", "ultrafast", "-tune", "zerolatency",
            "-g", "25", "-pix_fmt", "yuv420p", "-f", "rtsp", "-rtsp_transport", "tcp", $"rtsp://127.0.0.1:{rtsp.Port}/cam",
        ]);
        await broker.Process.WaitForLineAsync(l => l.Contains("[path cam] stream is ready", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        await broker.RewriteConfigAsync(yaml + $"""
              pulled:
                source: whep://{http}/cam
                whepSTUNGatherTimeout: 10s

            """);
        await broker.Process.WaitForLineAsync(l => l.Contains("[path pulled] stream is ready", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        stun.Requests.Should().NotBeEmpty("the source asked the STUN server listed in the Link headers");
        stun.Requests.Should().OnlyContain(e => e.Port != icePort, "clientOnly: the server itself did not ask");
    }

    private static WhepClientTransport Transport(DtlsCertificate certificate) =>
        new(new WhepAnswer("ufrag", "password", certificate.Fingerprint, new IPEndPoint(IPAddress.Loopback, 9), Tcp: false), IceCredentials.Generate(), certificate, new NoPackets());

    [GeneratedRegex(@"listener opened on ([0-9\.]+:\d+) \(HTTP\), [0-9\.]+:(\d+) \(ICE/UDP\)")]
    private static partial Regex WebRtcListener();

    private sealed class NoPackets : IWhepPacketHandler
    {
        public void OnRtp(Memory<byte> packet, long receivedAt)
        {
        }

        public void OnRtcp(Memory<byte> packet, long receivedAt)
        {
        }

        public void OnSrtpError(PacketKind kind, SrtpResult result)
        {
        }
    }
}
