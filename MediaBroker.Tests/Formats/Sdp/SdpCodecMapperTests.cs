using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Formats.Rtp.Payloads;
using MediaBroker.Formats.Sdp;
using Xunit;

namespace MediaBroker.Tests.Formats.Sdp;

public sealed class SdpCodecMapperTests
{
    [Theory]
    [InlineData("Rtp/h264.sdp", typeof(H264Codec), 96)]
    [InlineData("Rtp/h265.sdp", typeof(H265Codec), 96)]
    [InlineData("Rtp/vp8.sdp", typeof(Vp8Codec), 96)]
    [InlineData("Rtp/vp9.sdp", typeof(Vp9Codec), 96)]
    [InlineData("Rtp/mjpeg.sdp", typeof(MjpegCodec), 26)]
    [InlineData("Rtp/opus.sdp", typeof(OpusCodec), 97)]
    [InlineData("Rtp/aac.sdp", typeof(Mpeg4AudioCodec), 97)]
    [InlineData("Rtp/pcmu.sdp", typeof(G711Codec), 0)]
    [InlineData("Rtp/l16.sdp", typeof(LpcmCodec), 97)]
    [InlineData("Rtp/mpeg4.sdp", typeof(Mpeg4VideoCodec), 96)]
    [InlineData("Rtp/mp2.sdp", typeof(Mpeg12AudioCodec), 14)]
    public void TryFromMedia_FfmpegSdp_MapsCodec(string file, Type expected, int expectedPt)
    {
        var sdp = SessionDescription.Parse(SessionDescriptionTests.Read(file));
        SdpCodecMapper.TryFromMedia(sdp.Media[0], 0, out var codec, out var pt).Should().BeTrue();
        codec.Should().BeOfType(expected);
        pt.Should().Be(expectedPt);
        if (codec is Mpeg4AudioCodec aac)
        {
            aac.SampleRate.Should().Be(48000);
            aac.ChannelCount.Should().Be(1);
            aac.Config.Should().Equal(0x11, 0x88, 0x56, 0xE5, 0x00);
        }

        if (codec is LpcmCodec l)
        {
            l.Should().Be(new LpcmCodec(16, 16000, 2));
        }
    }

    [Fact]
    public void TryFromMedia_GStreamerSdp_ReadsSpropAndLatm()
    {
        var sdp = SessionDescription.Parse(SessionDescriptionTests.Read("Sdp/gstreamer-h264.sdp"));
        SdpCodecMapper.TryFromMedia(sdp.Media[0], 0, out var video, out _).Should().BeTrue();
        var h264 = video.Should().BeOfType<H264Codec>().Subject;
        h264.Sps![0].Should().Be(0x67);
        h264.Pps![0].Should().Be(0x68);
        h264.PacketizationMode.Should().Be(1);
        sdp.Media[0].Control.Should().Be("stream=0");
        SdpCodecMapper.TryFromMedia(sdp.Media[1], 0, out var audio, out _).Should().BeTrue();
        var aac = audio.Should().BeOfType<Mpeg4AudioCodec>().Subject;
        aac.SampleRate.Should().Be(44100);
        aac.ChannelCount.Should().Be(2);
    }

    [Theory]
    [InlineData("sizelength=99;indexlength=3;indexdeltalength=3", false)]
    [InlineData("sizelength=13;indexlength=9;indexdeltalength=3", false)]
    [InlineData("sizelength=13;indexlength=3;indexdeltalength=-1", false)]
    [InlineData("sizelength=13;indexlength=3;indexdeltalength=3", true)]
    public void FromFormat_Mpeg4GenericAuHeaderLayout_IsAacOnlyWhenTheDepacketizerReadsIt(string layout, bool aac)
    {
        // Found by fuzzing (fuzz/regressions/sdp): an out-of-range sizelength threw ArgumentException when RECORD built
        // the depacketizer. Such a track is now passed through as generic, like one with an unreadable config.
        var sdp = SessionDescription.Parse(
            "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/48000/1\r\n" +
            $"a=fmtp:97 profile-level-id=1;mode=AAC-hbr;{layout};config=1188\r\n");
        SdpCodecMapper.TryFromMedia(sdp.Media[0], 0, out var codec, out _).Should().BeTrue();
        if (aac)
        {
            codec.Should().BeOfType<Mpeg4AudioCodec>();
        }
        else
        {
            codec.Should().BeOfType<GenericCodec>();
        }

        SdpFormat.TryRead(sdp.Media[0], 0, out var format).Should().BeTrue();
        var create = () => RtpPayloadFormats.CreateDepacketizer(codec, format.EncodingName, format.Parameters);
        create.Should().NotThrow();
    }

    [Fact]
    public void TryFromMedia_WebRtcOffer_MapsEveryFormatAndKeepsRtxGeneric()
    {
        var sdp = SessionDescription.Parse(SessionDescriptionTests.Read("Sdp/webrtc-offer.sdp"));
        var codecs = new List<Codec>();
        foreach (var m in sdp.Media)
        {
            for (var i = 0; i < m.Formats.Count; i++)
            {
                SdpCodecMapper.TryFromMedia(m, i, out var c, out _).Should().BeTrue();
                codecs.Add(c);
            }
        }

        codecs.Select(c => c.GetType().Name).Should().Equal(
            "OpusCodec", "G722Codec", "G711Codec", "G711Codec", "Vp8Codec", "GenericCodec", "H264Codec", "Vp9Codec", "Av1Codec");
        codecs[5].Should().BeOfType<GenericCodec>().Which.Fmtp.Should().Be("apt=96");
    }

    public static TheoryData<Codec, int> AllCodecs => new()
    {
        { new H264Codec([0x67, 0x42, 0xC0, 0x1E, 0xD9], [0x68, 0xCE, 0x3C, 0x80], 1), 96 },
        { new H265Codec([0x40, 0x01, 0x0C], [0x42, 0x01, 0x01], [0x44, 0x01, 0xC1]), 96 },
        { new Av1Codec(null), 96 },
        { new Vp8Codec(), 96 },
        { new Vp9Codec(2), 96 },
        { new Mpeg4VideoCodec([0, 0, 1, 0xB0, 1]), 96 },
        { new Mpeg12VideoCodec(), 32 },
        { new MjpegCodec(), 26 },
        { new Mpeg4AudioCodec([0x12, 0x10], 44100, 2), 97 },
        { new OpusCodec(2), 111 },
        { new OpusCodec(1), 111 },
        { new G711Codec(true), 0 },
        { new G711Codec(false, 16000, 2), 98 },
        { new G722Codec(), 9 },
        { new LpcmCodec(24, 48000, 2), 97 },
        { new Ac3Codec(48000, 6), 97 },
        { new Mpeg12AudioCodec(), 14 },
        { new GenericCodec(100, "X-CUSTOM/1000", "a=b", 1000, MediaKind.Application), 100 },
    };

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void ToMediaDescription_ThenTryFromMedia_GivesSameCodec(Codec codec, int payloadType)
    {
        var m = SdpCodecMapper.ToMediaDescription(codec, payloadType, "trackID=0");
        var sdp = new SessionDescription();
        sdp.Media.Add(m);
        var parsed = SessionDescription.Parse(sdp.ToString());
        SdpCodecMapper.TryFromMedia(parsed.Media[0], 0, out var back, out var pt).Should().BeTrue();
        pt.Should().Be(payloadType);
        var expected = codec is GenericCodec g ? g with { MediaKind = MediaKind.Application } : codec;
        CodecEquality.Equal(back, expected).Should().BeTrue($"{back} should equal {expected}");
        parsed.Media[0].Control.Should().Be("trackID=0");
    }
}
