using FluentAssertions;
using MediaBroker.Codecs.Mpeg12Audio;
using Xunit;

namespace MediaBroker.Tests.Codecs.Mpeg12Audio;

public sealed class MpegAudioFrameHeaderTests
{
    private static int? FrameLength(ReadOnlySpan<byte> d) => MpegAudioFrameHeader.TryParse(d, out var h) ? h.FrameLength : null;

    [Theory]
    [InlineData("mp3.mp3", 1, 3, 44100, 2, 64000, 1152)]
    [InlineData("mp3_v2.mp3", 2, 3, 24000, 1, 32000, 576)]
    [InlineData("mp2.mp2", 1, 2, 48000, 2, 128000, 1152)]
    public void TryParse_RealStreams_MatchFfprobeAndCoverFile(string file, int version, int layer, int rate, int channels, int bitrate, int samples)
    {
        var data = CodecTestData.Load(file);

        MpegAudioFrameHeader.TryParse(data, out var h).Should().BeTrue();

        (h.Version, h.Layer, h.SampleRate, h.ChannelCount, h.Bitrate, h.SamplesPerFrame).Should().Be((version, layer, rate, channels, bitrate, samples));
        FrameStream.Frames(data, FrameLength).Sum().Should().Be(data.Length);
    }

    [Fact]
    public void TryParse_SplitAtEveryOffsetAndPrefixes_SameFrames()
    {
        var data = CodecTestData.Load("mp3.mp3")[..1200];
        var whole = FrameStream.Frames(data, FrameLength);
        for (var split = 0; split <= data.Length; split++)
        {
            FrameStream.FramesSplit(data, split, FrameLength).Should().Equal(whole);
        }

        for (var len = 0; len < MpegAudioFrameHeader.Length; len++)
        {
            MpegAudioFrameHeader.TryParse(data.AsSpan(0, len), out _).Should().BeFalse();
        }
    }

    [Fact]
    public void TryParse_RandomBytes_OnlyThrowsCodecProtocolException() => FrameStream.Fuzz(FrameLength, 51, 0xFF, 0xFB);
}
