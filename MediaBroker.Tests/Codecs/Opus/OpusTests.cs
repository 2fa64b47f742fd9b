using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Opus;
using Xunit;

namespace MediaBroker.Tests.Codecs.Opus;

public sealed class OpusTests
{
    [Theory]
    [InlineData("opus20.ogg", 2, 960)]
    [InlineData("opus60.ogg", 1, 2880)]
    public void OggCapture_HeadAndPacketDurations_MatchEncoderSettings(string file, int channels, int samples)
    {
        var packets = CodecTestData.OggPackets(file);

        OpusHead.TryParse(packets[0], out var head).Should().BeTrue();
        head.ChannelCount.Should().Be(channels);
        head.InputSampleRate.Should().Be(48000);
        head.PreSkip.Should().BeGreaterThan(0);
        foreach (var p in packets.Skip(2))
        {
            OpusPacket.TryParse(p, out var packet).Should().BeTrue();
            packet.Duration.Should().Be(samples);
            packet.Stereo.Should().Be(channels == 2);
        }
    }

    [Theory]
    [InlineData(0, 0, 480)] // SILK NB 10 ms
    [InlineData(3, 0, 2880)] // SILK NB 60 ms
    [InlineData(13, 0, 960)] // Hybrid SWB 20 ms
    [InlineData(16, 0, 120)] // CELT NB 2.5 ms
    [InlineData(31, 1, 1920)] // CELT FB 20 ms, two frames
    [InlineData(31, 2, 1920)]
    public void TryParse_TocConfigAndCode_ReturnsDuration(int config, int code, int duration)
    {
        OpusPacket.TryParse([(byte)((config << 3) | code), 0], out var p).Should().BeTrue();
        p.Duration.Should().Be(duration);
    }

    [Fact]
    public void TryParse_Code3_UsesFrameCountAndRejectsOver120Ms()
    {
        OpusPacket.TryParse([(31 << 3) | 3, 6], out var p).Should().BeTrue();
        p.Duration.Should().Be(5760);
        OpusPacket.TryParse([(31 << 3) | 3], out _).Should().BeFalse();
        var act = () => OpusPacket.TryParse([(3 << 3) | 3, 3], out _);
        act.Should().Throw<CodecProtocolException>();
    }

    [Fact]
    public void OpusHead_BuildParseAndPrefixes()
    {
        var b = OpusHead.Build(2, 312, 44100);

        OpusHead.TryParse(b, out var h).Should().BeTrue();
        h.Should().Be(new OpusHead(2, 312, 44100, 0, 0));
        for (var len = 0; len < b.Length; len++)
        {
            OpusHead.TryParse(b.AsSpan(0, len), out _).Should().BeFalse();
        }

        FrameStream.Fuzz(d => OpusHead.TryParse(d, out _) ? 1 : null, 41, (byte)'O');
        FrameStream.Fuzz(d => OpusPacket.TryParse(d, out _) ? 1 : null, 42, 0xFB);
    }
}
