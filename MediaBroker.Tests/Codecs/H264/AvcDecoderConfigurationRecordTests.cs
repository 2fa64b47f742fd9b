using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Codecs.H264;
using Xunit;

namespace MediaBroker.Tests.Codecs.H264;

public sealed class AvcDecoderConfigurationRecordTests
{
    [Fact]
    public void Build_FromStreamParameterSets_EqualsFfmpegAvcC()
    {
        var sps = H264TestStreams.First("h264_bf2.h264", H264NalUnitType.Sps);
        var pps = H264TestStreams.First("h264_bf2.h264", H264NalUnitType.Pps);

        AvcDecoderConfigurationRecord.Build(sps, pps).Should().Equal(CodecTestData.Load("h264_bf2.avcC"));
    }

    [Fact]
    public void TryParse_FfmpegAvcC_ReturnsParameterSets()
    {
        var avcc = CodecTestData.Load("h264_bf2.avcC");

        AvcDecoderConfigurationRecord.TryParse(avcc, out var r).Should().BeTrue();

        r.ProfileIndication.Should().Be(100);
        r.LevelIndication.Should().Be(41);
        r.LengthSize.Should().Be(4);
        r.Sps.Should().ContainSingle().Which.Should().Equal(H264TestStreams.First("h264_bf2.h264", H264NalUnitType.Sps));
        r.Pps.Should().ContainSingle().Which.Should().Equal(H264TestStreams.First("h264_bf2.h264", H264NalUnitType.Pps));
    }

    [Fact]
    public void TryParse_EveryIncompletePrefix_ReturnsFalse()
    {
        var avcc = CodecTestData.Load("h264_bf2.avcC");
        // The last 4 bytes are the optional High-profile extension.
        for (var len = 0; len < avcc.Length - 4; len++)
        {
            AvcDecoderConfigurationRecord.TryParse(avcc.AsSpan(0, len), out _).Should().BeFalse();
        }
    }

    [Fact]
    public void TryParse_RandomBytes_OnlyThrowsCodecProtocolException()
    {
        var rng = new Random(7);
        var buf = new byte[40];
        for (var i = 0; i < 5000; i++)
        {
            rng.NextBytes(buf);
            try
            {
                _ = AvcDecoderConfigurationRecord.TryParse(buf.AsSpan(0, rng.Next(buf.Length)), out _);
            }
            catch (CodecProtocolException)
            {
            }
        }
    }
}
