using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Codecs.H264;
using Xunit;

namespace MediaBroker.Tests.Codecs.H264;

public sealed class H264SpsTests
{
    [Fact]
    public void TryParse_ConstrainedBaseline_MatchesFfprobe()
    {
        var sps = H264TestStreams.First("h264_baseline.h264", H264NalUnitType.Sps);

        H264Sps.TryParse(sps, out var s).Should().BeTrue();

        s.ProfileIdc.Should().Be(66);
        s.Width.Should().Be(320);
        s.Height.Should().Be(240);
        s.PicOrderCntType.Should().Be(2);
        H264SpsInfo.ToApiProperties(sps).Should().BeEquivalentTo(new Dictionary<string, object>
        {
            ["width"] = 320, ["height"] = 240, ["profile"] = "Constrained Baseline", ["level"] = "3.0",
        });
    }

    [Fact]
    public void TryParse_HighWithCropping_MatchesFfprobe()
    {
        var sps = H264TestStreams.First("h264_bf2.h264", H264NalUnitType.Sps);

        H264Sps.TryParse(sps, out var s).Should().BeTrue();

        // 330x250 is coded as 336x256 macroblocks with a crop window.
        s.PicWidthInMbs.Should().Be(21);
        s.Width.Should().Be(330);
        s.Height.Should().Be(250);
        s.PicOrderCntType.Should().Be(0);
        s.FrameRate.Should().Be(25);
        s.MaxNumReorderFrames.Should().Be(2);
        s.BitDepthLuma.Should().Be(8);
        s.ChromaFormatIdc.Should().Be(1);
        H264SpsInfo.ToApiProperties(sps).Should().BeEquivalentTo(new Dictionary<string, object>
        {
            ["width"] = 330, ["height"] = 250, ["profile"] = "High", ["level"] = "4.1",
        });
    }

    [Fact]
    public void TryParse_EveryIncompletePrefix_ReturnsFalseOrSameSize()
    {
        var sps = H264TestStreams.First("h264_bf2.h264", H264NalUnitType.Sps);
        for (var len = 0; len < sps.Length; len++)
        {
            // The last bytes may hold only trailing bits, so a short prefix can still parse.
            if (H264Sps.TryParse(sps.AsSpan(0, len), out var s))
            {
                s.Width.Should().Be(330);
            }
        }
    }

    [Fact]
    public void TryParse_RandomBytes_OnlyThrowsCodecProtocolException()
    {
        var rng = new Random(1234);
        var buf = new byte[64];
        for (var i = 0; i < 20000; i++)
        {
            rng.NextBytes(buf);
            buf[0] = 0x67;
            var len = rng.Next(1, buf.Length);
            try
            {
                _ = H264Sps.TryParse(buf.AsSpan(0, len), out _);
                _ = H264Pps.TryParse([0x68, .. buf.AsSpan(1, len - 1)], out _);
            }
            catch (CodecProtocolException)
            {
            }
        }
    }

    [Fact]
    public void ToApiProperties_NullOrGarbage_ReturnsNull()
    {
        H264SpsInfo.ToApiProperties(null).Should().BeNull();
        H264SpsInfo.ToApiProperties([0x67, 0x64]).Should().BeNull();
        H264SpsInfo.ToApiProperties([0x68, 1, 2, 3, 4]).Should().BeNull();
    }

    [Theory]
    [InlineData(66, 0xC0, 30, "Constrained Baseline", "3.0")]
    [InlineData(66, 0x00, 11, "Baseline", "1.1")]
    [InlineData(66, 0x10, 11, "Baseline", "1b")]
    [InlineData(110, 0x10, 51, "High 10 Intra", "5.1")]
    [InlineData(244, 0x00, 52, "High 4:4:4 Predictive", "5.2")]
    public void ProfileAndLevelName_KnownValues_MatchFfmpegNames(int profile, int flags, int level, string profileName, string levelName)
    {
        H264SpsInfo.ProfileName(profile, flags).Should().Be(profileName);
        H264SpsInfo.LevelName(profile, level, flags).Should().Be(levelName);
    }
}
