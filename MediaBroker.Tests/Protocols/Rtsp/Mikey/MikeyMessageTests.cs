using FluentAssertions;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.Rtsp.Mikey;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp.Mikey;

public sealed class MikeyMessageTests
{
    // Captured from GStreamer 1.22 rtspclientsink profiles=savp over rtsps:// (the SETUP KeyMgmt data and the SDP a=key-mgmt).
    private const string GstSetup = "AQAFAA72U2sCAACoPaJpAAAAAABUCenLAAAAAAsA7qzZdxpjlPoKEIHcpgC/8QvcWxtLisshv3gBAAAAFQABAQEBEAIBAQMBCgcBAQgBAQoBAQAAACIAIAAe5RRDo+R3kVxOFw2AlVgeAP1MekWkETeL7uQC7HUMAA==";
    private const string GstSdp = "AQAFAD7v/eABAACoPaJpAAAAAAsA7qzZdw/oNd4KEMWEc0LIBhaOVnsygHTGAYkBAAAAFQABAQEBEAIBAQMBCgcBAQgBAQoBAQAAACIAIAAe5RRDo+R3kVxOFw2AlVgeAP1MekWkETeL7uQC7HUMAA==";

    [Fact]
    public void TryParseBase64_GStreamerSetup_ReadsSessionsAndKey()
    {
        MikeyMessage.TryParseBase64(GstSetup, out var m).Should().BeTrue();

        m!.CsbId.Should().Be(0x0ef6536bu);
        m.Sessions.Should().Equal(new MikeyCryptoSession(0, 0xa83da269, 0), new MikeyCryptoSession(0, 0x5409e9cb, 0));
        m.Timestamp.Should().Be(0xeeacd9771a6394faUL);
        m.Rand.Should().HaveCount(16);
        m.Profile.Should().Be(SrtpProfile.Aes128CmHmacSha1_80);
        Convert.ToHexString(m.MasterKey).Should().Be("E51443A3E477915C4E170D8095581E00");
        Convert.ToHexString(m.MasterSalt).Should().Be("FD4C7A45A411378BEEE402EC750C");
    }

    [Fact]
    public void TryParseBase64_GStreamerSdp_SameKeyOneSession()
    {
        MikeyMessage.TryParseBase64(GstSdp, out var m).Should().BeTrue();

        m!.Sessions.Should().ContainSingle().Which.Ssrc.Should().Be(2822611561u);
        Convert.ToHexString(m.MasterKey).Should().Be("E51443A3E477915C4E170D8095581E00");
    }

    [Fact]
    public void TryParse_EveryTruncation_ReturnsFalse()
    {
        var bytes = Convert.FromBase64String(GstSetup);
        for (int n = 0; n < bytes.Length; n++)
        {
            MikeyMessage.TryParse(bytes.AsSpan(0, n), out _).Should().BeFalse($"{n} bytes are not a whole message");
        }
    }

    [Fact]
    public void TryParse_Aes256Key_ReturnsFalse()
    {
        var bytes = Convert.FromBase64String(GstSetup);
        var policyKeyLength = Array.IndexOf(bytes, (byte)0x10, 60);
        bytes[policyKeyLength] = 32;

        MikeyMessage.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Build_ThenParse_RoundTrips()
    {
        var m = MikeyMessage.Create([new MikeyCryptoSession(0, 1234, 7)], DateTimeOffset.UnixEpoch);

        MikeyMessage.TryParse(m.Build(), out var back).Should().BeTrue();

        back!.CsbId.Should().Be(m.CsbId);
        back.Sessions.Should().Equal(m.Sessions);
        back.Timestamp.Should().Be(2208988800UL << 32, "the NTP era starts 70 years before the Unix epoch");
        back.Rand.Should().Equal(m.Rand);
        back.MasterKey.Should().Equal(m.MasterKey);
        back.MasterSalt.Should().Equal(m.MasterSalt);
    }

    [Fact]
    public void Build_GStreamerKey_HasGStreamerLayout()
    {
        MikeyMessage.TryParseBase64(GstSetup, out var m).Should().BeTrue();

        Convert.ToBase64String(m!.Build()).Should().Be(GstSetup, "the same fields serialize to the bytes GStreamer sent");
    }
}
