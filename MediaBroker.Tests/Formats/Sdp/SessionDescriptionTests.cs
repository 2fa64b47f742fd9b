using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Formats.Sdp;
using Xunit;

namespace MediaBroker.Tests.Formats.Sdp;

public sealed class SessionDescriptionTests
{
    public static TheoryData<string> Files => new()
    {
        "Rtp/h264.sdp", "Rtp/h265.sdp", "Rtp/vp8.sdp", "Rtp/vp9.sdp", "Rtp/mjpeg.sdp", "Rtp/opus.sdp", "Rtp/aac.sdp",
        "Rtp/pcmu.sdp", "Rtp/l16.sdp", "Rtp/mpeg4.sdp", "Rtp/mp2.sdp", "Sdp/gstreamer-h264.sdp", "Sdp/webrtc-offer.sdp",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_ThenToString_KeepsEveryLine(string file)
    {
        var text = Read(file);
        var sdp = SessionDescription.Parse(text);
        var again = sdp.ToString();
        Normalize(again).Should().BeEquivalentTo(Normalize(text));
        SessionDescription.Parse(again).ToString().Should().Be(again);
    }

    [Fact]
    public void Parse_WebRtcOffer_ExposesMediaAttributes()
    {
        var sdp = SessionDescription.Parse(Read("Sdp/webrtc-offer.sdp"));
        sdp.Media.Should().HaveCount(2);
        sdp.GetAttribute("group").Should().Be("BUNDLE 0 1");
        var video = sdp.Media[1];
        video.Protocol.Should().Be("UDP/TLS/RTP/SAVPF");
        video.Direction.Should().Be("recvonly");
        video.RtcpMux.Should().BeTrue();
        video.GetAttribute("fingerprint").Should().StartWith("sha-256 6B:8B");
        video.GetFormatAttribute("fmtp", "97").Should().Be("apt=96");
        sdp.Media[0].Direction.Should().Be("sendrecv");
    }

    [Fact]
    public void Parse_Garbage_ThrowsSdpProtocolException()
    {
        FluentActions.Invoking(() => SessionDescription.Parse("hello")).Should().Throw<SdpProtocolException>();
        FluentActions.Invoking(() => SessionDescription.Parse("o=- 0 0 IN IP4 1.2.3.4\r\n")).Should().Throw<SdpProtocolException>();
        FluentActions.Invoking(() => SessionDescription.Parse("v=0\r\nm=video\r\n")).Should().Throw<SdpProtocolException>();
    }

    [Fact]
    public void Parse_RandomText_OnlySdpProtocolExceptionEscapes()
    {
        var random = new Random(3);
        const string alphabet = "v=0amco:/ \r\n1234567890RTP/AVPrtpmapfmtp;,";
        for (var i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(80)];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            try
            {
                var sdp = SessionDescription.Parse("v=0\n" + new string(chars));
                for (var m = 0; m < sdp.Media.Count; m++)
                {
                    for (var f = 0; f < sdp.Media[m].Formats.Count; f++)
                    {
                        SdpCodecMapper.TryFromMedia(sdp.Media[m], f, out _, out _);
                    }
                }
            }
            catch (SdpProtocolException)
            {
            }
        }
    }

    internal static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", file));

    private static List<string> Normalize(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
