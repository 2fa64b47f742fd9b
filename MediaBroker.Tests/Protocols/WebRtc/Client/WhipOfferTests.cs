using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Protocols.WebRtc.Client;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Signalling;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Client;

public sealed class WhipOfferTests
{
    private static readonly IceCredentials s_ice = new("ufragufragufrag1", "passwordpasswordpasswordpassword");

    [Fact]
    public void Split_H264AndAac_SendsTheVideoAndNamesTheAudio()
    {
        var (sendable, skipped) = WhipOffer.Split(TestPaths.H264AndAac());

        sendable.Select(t => t.Codec.Name).Should().Equal("H264");
        skipped.Should().Equal("MPEG-4 Audio");
    }

    [Fact]
    public void Build_H264AndOpus_SendonlyBundledSectionsOurServerAccepts()
    {
        var tracks = Offered();
        var offer = WebRtcOffer.Parse(WhipOffer.Build(tracks, s_ice, "sha-256 AB:CD", "mediabroker"));

        offer.Sdp.GetAttribute("group").Should().Be("BUNDLE 0 1");
        offer.Sdp.Media.Select(m => m.Direction).Should().Equal("sendonly", "sendonly");
        offer.Sdp.Media.Should().OnlyContain(m => m.Protocol == "UDP/TLS/RTP/SAVPF" && m.RtcpMux && m.GetAttribute("setup") == "active"
            && m.GetAttribute("ice-ufrag") == s_ice.Ufrag && m.GetAttribute("fingerprint") == "sha-256 AB:CD");
        offer.Sdp.Media[0].GetFormatAttribute("rtpmap", "96").Should().Be("H264/90000");
        offer.Sdp.Media[0].GetFormatAttribute("fmtp", "96").Should().Contain("packetization-mode=1");
        offer.Sdp.Media[1].GetFormatAttribute("rtpmap", "97").Should().Be("opus/48000/2");
        WebRtcOffer.SsrcOf(offer.Sdp.Media[0]).Should().Be(1111u);
        WebRtcOffer.SsrcOf(offer.Sdp.Media[1]).Should().Be(2222u);

        // What the broker's own WHIP endpoint picks from it: each track with the payload type we offered.
        var plan = WebRtcNegotiator.PlanPublish(offer);
        plan.Select(m => (m.Codec!.Name, m.PayloadType)).Should().Equal(("H264", 96), ("Opus", 97));
    }

    [Fact]
    public void AcceptedPayloadTypes_AnswerWithOtherPtAndRejectedAudio_MapsByMid()
    {
        var tracks = Offered();
        var answer = SessionDescription.Parse(
            "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" +
            "m=audio 0 UDP/TLS/RTP/SAVPF 0\r\na=mid:1\r\na=inactive\r\n" +
            "m=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:0\r\na=recvonly\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1;profile-level-id=42e01f\r\n");

        var accepted = WhipOffer.AcceptedPayloadTypes(answer, tracks);

        accepted.Should().BeEquivalentTo(new Dictionary<int, byte> { [0] = 102 });
    }

    [Fact]
    public async Task RunAsync_AacOnlyStream_ThrowsNamingTheCodec()
    {
        using var paths = TestPaths.Manager();
        var lease = (await paths.AddPublisherAsync(TestPaths.Access("aac"), new TestPaths.Peer(), CancellationToken.None)).Value!;
        using var _ = lease;
        var stream = lease.StartStream([new Track(0, new Mpeg4AudioCodec([0x12, 0x10], 44100, 2))]);
        var context = new StreamPushContext("aac", stream, NullLogger.Instance, () => { });

        // No server listens there: the check comes before any connection.
        var run = () => new WhipPusherFactory().Create(new StreamPushTarget("whip://127.0.0.1:9/aac/whip")).RunAsync(context, CancellationToken.None);

        (await run.Should().ThrowAsync<IOException>()).WithMessage("no track WebRTC can carry (MPEG-4 Audio)");
    }

    [Theory]
    [InlineData("whip://host:8889/cam/whip", "http://host:8889/cam/whip")]
    [InlineData("whips://user:pass@host/live/cam/whip?x=1", "https://host/live/cam/whip?x=1")]
    public void EndpointUrl_WhipUrl_MapsToHttpWithoutCredentials(string url, string expected)
    {
        WhipPusher.EndpointUrl(url).ToString().Should().Be(expected);
    }

    [Fact]
    public void Authorization_TokenOrUserInfo_BearerWinsElseBasic()
    {
        WhipPusher.Authorization(new StreamPushTarget("whip://u:p%40ss@h/x/whip", BearerToken: "tok"))!.ToString().Should().Be("Bearer tok");
        WhipPusher.Authorization(new StreamPushTarget("whip://u:p%40ss@h/x/whip"))!.ToString().Should().Be("Basic " + Convert.ToBase64String("u:p@ss"u8));
        WhipPusher.Authorization(new StreamPushTarget("whip://h/x/whip")).Should().BeNull();
    }

    [Fact]
    public void ProtocolOf_Urls_WhipAndWhipsOnly()
    {
        var factory = new WhipPusherFactory();
        factory.ProtocolOf("whip://h/x/whip").Should().Be("whip");
        factory.ProtocolOf("WHIPS://h/x/whip").Should().Be("whips");
        factory.ProtocolOf("whep://h/x").Should().BeNull();
        factory.ProtocolOf("rtmp://h/x").Should().BeNull();
    }

    private static List<WhipTrack> Offered()
    {
        var tracks = WebRtcTestTracks();
        return [new WhipTrack(tracks[0], 96, 1111, "0"), new WhipTrack(tracks[1], 97, 2222, "1")];
    }

    private static Track[] WebRtcTestTracks() =>
        [TestPaths.H264AndAac()[0], new Track(1, new OpusCodec(2))];
}
