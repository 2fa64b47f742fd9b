using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Signalling;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Signalling;

public sealed class WebRtcNegotiatorTests
{
    private static readonly byte[] s_mainSps = [0x67, 0x4D, 0x00, 0x1F, 0xAC];
    private static readonly byte[] s_highSps = [0x67, 0x64, 0x00, 0x1F, 0xAC];
    private static readonly IceCredentials s_ice = new("abcdefghijklmnop", "0123456789abcdefghijklmnopqrstuv");
    private const string Fingerprint = "sha-256 AA:BB";

    internal static string Load(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "WebRtc", name));

    [Fact]
    public void Parse_ChromiumOffer_ReadsIceDtlsAndSections()
    {
        var offer = WebRtcOffer.Parse(Load("chromium-whep-offer.sdp"));

        offer.IceUfrag.Should().Be("QBcw");
        offer.IcePassword.Should().Be("5AWQucYAhd5SgBngA6GGmtdq");
        offer.Fingerprint.Should().StartWith("sha-256 A5:0B:");
        offer.Setup.Should().Be("actpass");
        offer.LocalIsDtlsServer.Should().BeTrue();
        offer.Sdp.Media.Select(m => m.Media).Should().Equal("video", "audio");
    }

    [Fact]
    public void Parse_FirefoxOffer_TakesSessionLevelFingerprint()
    {
        var offer = WebRtcOffer.Parse(Load("firefox-whep-offer.sdp"));

        offer.Fingerprint.Should().StartWith("sha-256 3B:5E:");
        offer.IceUfrag.Should().Be("5b7d9f1e");
    }

    [Theory]
    [InlineData("not sdp")]
    [InlineData("v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n")]
    [InlineData("v=0\r\ns=-\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:x\r\na=ice-pwd:y\r\n")]
    [InlineData("v=0\r\ns=-\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:x\r\na=ice-pwd:y\r\na=fingerprint:sha-1 AA\r\n")]
    public void Parse_InvalidOffer_ThrowsNegotiationException(string sdp)
    {
        var act = () => WebRtcOffer.Parse(sdp);

        act.Should().Throw<WebRtcNegotiationException>();
    }

    [Fact]
    public void PlanRead_ChromiumOfferH264MainAndOpus_PicksPacketizationMode1WithTheStreamsProfile()
    {
        var offer = WebRtcOffer.Parse(Load("chromium-whep-offer.sdp"));
        Track[] tracks = [new(0, new H264Codec(s_mainSps, [0x68])), new(1, new OpusCodec(2))];

        var plan = WebRtcNegotiator.PlanRead(offer, tracks);

        plan.Should().HaveCount(2).And.OnlyContain(m => m.Accepted);
        plan[0].Format!.EncodingName.Should().Be("H264");
        plan[0].Format!.Get("packetization-mode").Should().Be("1");
        plan[0].Format!.Get("profile-level-id").Should().Be("4d001f");
        plan[0].StreamTrack.Should().BeSameAs(tracks[0]);
        plan[1].Format!.EncodingName.Should().Be("opus");
        plan[1].PayloadType.Should().Be(111);
    }

    [Fact]
    public void PlanRead_HighProfileNotOffered_FallsBackToConstrainedBaselineMode1()
    {
        // Debian's Chromium offers no High profile; its decoder plays High anyway (level-asymmetry-allowed).
        var offer = WebRtcOffer.Parse(Load("chromium-whep-offer.sdp"));

        var plan = WebRtcNegotiator.PlanRead(offer, [new Track(0, new H264Codec(s_highSps, [0x68]))]);

        plan[0].PayloadType.Should().Be(108);
        plan[0].Format!.Get("profile-level-id").Should().Be("42e01f");
    }

    [Fact]
    public void PlanRead_BaselineWithoutSps_PrefersConstrainedBaselineMode1()
    {
        var offer = WebRtcOffer.Parse(Load("firefox-whep-offer.sdp"));

        var plan = WebRtcNegotiator.PlanRead(offer, [new Track(0, new H264Codec(null, null))]);

        plan[0].PayloadType.Should().Be(126, "PT 97 is packetization-mode 0");
        plan[1].Accepted.Should().BeFalse("the stream has no audio");
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 8)]
    public void PlanRead_G711_UsesTheStaticPayloadType(bool muLaw, int pt)
    {
        var offer = WebRtcOffer.Parse(Load("firefox-whep-offer.sdp"));

        var plan = WebRtcNegotiator.PlanRead(offer, [new Track(0, new G711Codec(muLaw))]);

        plan[1].PayloadType.Should().Be(pt);
    }

    [Fact]
    public void PlanRead_StreamWithOnlyAac_ThrowsWithClearMessage()
    {
        var offer = WebRtcOffer.Parse(Load("chromium-whep-offer.sdp"));

        var act = () => WebRtcNegotiator.PlanRead(offer, [new Track(0, new Mpeg4AudioCodec([0x12, 0x10], 44100, 2))]);

        act.Should().Throw<WebRtcNegotiationException>().WithMessage("*no track WebRTC can carry (MPEG-4 Audio)*");
    }

    [Fact]
    public void PlanRead_H265NotOffered_ThrowsClientDoesNotAccept()
    {
        var offer = WebRtcOffer.Parse(Load("firefox-whep-offer.sdp"));

        var act = () => WebRtcNegotiator.PlanRead(offer, [new Track(0, new H265Codec(null, null, null))]);

        act.Should().Throw<WebRtcNegotiationException>().WithMessage("*does not accept*H265*");
    }

    [Fact]
    public void PlanPublish_ChromiumOffer_TakesFirstSupportedCodecAndSsrc()
    {
        var offer = WebRtcOffer.Parse(Load("chromium-whip-offer.sdp"));

        var plan = WebRtcNegotiator.PlanPublish(offer);

        plan[0].Codec.Should().BeOfType<Vp8Codec>();
        plan[0].RemoteSsrc.Should().Be(2859130624u);
        plan[1].Codec.Should().BeOfType<OpusCodec>();
        plan[1].RemoteSsrc.Should().Be(215390406u);
    }

    [Fact]
    public void PlanPublish_RecvonlyOffer_Throws()
    {
        var offer = WebRtcOffer.Parse(Load("chromium-whep-offer.sdp"));

        var act = () => WebRtcNegotiator.PlanPublish(offer);

        act.Should().Throw<WebRtcNegotiationException>();
    }

    [Fact]
    public void BuildAnswer_ChromiumWhepOffer_IsAValidIceLiteAnswer()
    {
        var offer = WebRtcOffer.Parse(Load("chromium-whep-offer.sdp"));
        Track[] tracks = [new(0, new Vp8Codec()), new(1, new OpusCodec(2))];
        var plan = WebRtcNegotiator.PlanRead(offer, tracks);
        string[] candidates = ["1 1 udp 2130706431 192.0.2.1 8189 typ host"];

        var text = WebRtcNegotiator.BuildAnswer(offer, plan, s_ice, Fingerprint, candidates, sending: true, new Dictionary<int, uint> { [0] = 1111, [1] = 2222 });
        var answer = SessionDescription.Parse(text);

        answer.GetAttribute("ice-lite").Should().NotBeNull();
        answer.GetAttribute("group").Should().Be("BUNDLE 0 1");
        answer.Media.Should().HaveCount(2);
        var video = answer.Media[0];
        video.Formats.Should().Equal("96");
        video.GetAttribute("rtpmap").Should().Be("96 VP8/90000");
        video.GetAttribute("mid").Should().Be("0");
        video.GetAttribute("setup").Should().Be("passive");
        video.GetAttribute("ice-ufrag").Should().Be(s_ice.Ufrag);
        video.GetAttribute("ice-pwd").Should().Be(s_ice.Password);
        video.GetAttribute("fingerprint").Should().Be(Fingerprint);
        video.Direction.Should().Be("sendonly");
        video.RtcpMux.Should().BeTrue();
        video.GetAttribute("candidate").Should().Be(candidates[0]);
        video.HasAttribute("end-of-candidates").Should().BeTrue();
        video.Attributes.Where(a => a.Name == "rtcp-fb").Select(a => a.Value).Should().Equal("96 nack", "96 nack pli", "96 ccm fir");
        video.Attributes.Where(a => a.Name == "ssrc").Select(a => a.Value).Should().Contain("1111 cname:mediabroker");
        answer.Media[1].GetAttribute("rtpmap").Should().Be("111 opus/48000/2");
        answer.Media[1].GetAttribute("fmtp").Should().Be("111 minptime=10;useinbandfec=1");
        text.Should().NotContain("extmap", "no header extension is negotiated");
    }

    [Fact]
    public void BuildAnswer_RejectedSection_HasPortZeroAndStaysOutOfBundle()
    {
        var offer = WebRtcOffer.Parse(Load("firefox-whep-offer.sdp"));
        var plan = WebRtcNegotiator.PlanRead(offer, [new Track(0, new OpusCodec(2))]);

        var answer = SessionDescription.Parse(WebRtcNegotiator.BuildAnswer(offer, plan, s_ice, Fingerprint, [], sending: true));

        answer.Media[0].Port.Should().Be(0);
        answer.Media[0].GetAttribute("mid").Should().Be("0");
        answer.Media[1].Port.Should().Be(9);
        answer.GetAttribute("group").Should().Be("BUNDLE 1");
    }

    [Fact]
    public void BuildAnswer_PassiveOffer_AnswersActive()
    {
        var text = Load("chromium-whip-offer.sdp").Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal);
        var offer = WebRtcOffer.Parse(text);

        var answer = WebRtcNegotiator.BuildAnswer(offer, WebRtcNegotiator.PlanPublish(offer), s_ice, Fingerprint, [], sending: false);

        offer.LocalIsDtlsServer.Should().BeFalse();
        answer.Should().Contain("a=setup:active").And.Contain("a=recvonly").And.NotContain("a=ssrc");
    }
}
