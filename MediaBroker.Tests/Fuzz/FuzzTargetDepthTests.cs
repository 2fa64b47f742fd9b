using System.Buffers.Binary;
using FluentAssertions;
using MediaBroker.Formats.Sdp;
using MediaBroker.Fuzz;
using MediaBroker.Tests.Conf;
using Xunit;

namespace MediaBroker.Tests.Fuzz;

/// <summary>
/// The WebRTC targets must reach the code they are named after with their real seeds, or AFL fuzzes an early
/// rejection: Chromium's offers are answered (201 with the codecs chosen), and the DTLS server answers Chromium's
/// ClientHello flight with its own flight and then reads the client's next flight before failing.
/// </summary>
public sealed class FuzzTargetDepthTests
{
    private static readonly string Corpus = Path.Combine(ConfTestUtil.RepoRoot(), "fuzz", "corpus");

    [Fact]
    public void WhepOffer_ChromiumOffer_IsAnsweredWithH264AndOpus()
    {
        var offer = File.ReadAllBytes(Seed("whep-offer", "chromium"));

        var outcome = FuzzTargets.OfferAnswer(offer, publish: false);

        outcome.Status.Should().Be(201, outcome.Body);
        var answer = SessionDescription.Parse(outcome.Body);
        answer.Media.Where(m => m.Port != 0).Select(m => m.GetAttribute("rtpmap")?.Split(' ')[1].Split('/')[0].ToUpperInvariant())
            .Should().BeEquivalentTo(["H264", "OPUS"], "the stream's H264 and Opus tracks go to Chromium's recvonly video and audio sections");
    }

    [Fact]
    public void WhipOffer_ChromiumOffers_AreAnsweredRecvonly()
    {
        var offers = Directory.GetFiles(Path.Combine(Corpus, "whip-offer"));
        offers.Should().HaveCountGreaterThanOrEqualTo(2, "make-corpus.sh records an H264+Opus and a VP8 publish");

        foreach (var file in offers)
        {
            var outcome = FuzzTargets.OfferAnswer(File.ReadAllBytes(file), publish: true);

            outcome.Status.Should().Be(201, $"{Path.GetFileName(file)}: {outcome.Body}");
            SessionDescription.Parse(outcome.Body).Media.Where(m => m.Port != 0)
                .Should().OnlyContain(m => m.HasAttribute("recvonly")).And.NotBeEmpty();
        }
    }

    [Fact]
    public void Dtls_ChromiumClientHelloFlight_IsAnsweredWithServerHello()
    {
        // Mode 0 without more datagrams: only the embedded Chromium ClientHello flight, then the closed queue.
        var outcome = FuzzTargets.Dtls([0]);

        outcome.Sent.Should().NotBeEmpty();
        HandshakeType(outcome.Sent[0]).Should().Be(2, "our first datagram is the ServerHello (RFC 6347 §4.2.2)");
        outcome.Failure.Should().NotBeNull("the client's second flight never came");
    }

    [Fact]
    public void Dtls_ChromiumSecondFlight_IsReadPastTheCertificateCheck()
    {
        var seed = File.ReadAllBytes(Seed("dtls", "-after-client-hello"));

        var outcome = FuzzTargets.Dtls(seed);

        // The flight was made for another ServerHello, so it cannot complete; it must fail on its content (the
        // CertificateVerify or Finished), not on the fingerprint, which the harness takes from the flight itself.
        outcome.Failure.Should().NotBeNull();
        outcome.Failure!.Message.Should().NotContain("fingerprint");
    }

    private static string Seed(string target, string nameContains) =>
        Directory.GetFiles(Path.Combine(Corpus, target)).Order(StringComparer.Ordinal)
            .First(f => Path.GetFileName(f).Contains(nameContains, StringComparison.Ordinal));

    /// <summary>The handshake message type of a datagram's first record, or -1 when it is not a handshake record.</summary>
    private static int HandshakeType(byte[] datagram) =>
        datagram.Length >= 14 && datagram[0] == 22 && BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(11)) >= 1 ? datagram[13] : -1;
}
