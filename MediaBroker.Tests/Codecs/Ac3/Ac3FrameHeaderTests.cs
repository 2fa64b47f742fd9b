using FluentAssertions;
using MediaBroker.Codecs.Ac3;
using Xunit;

namespace MediaBroker.Tests.Codecs.Ac3;

public sealed class Ac3FrameHeaderTests
{
    private static int? FrameLength(ReadOnlySpan<byte> d) => Ac3FrameHeader.TryParse(d, out var h) ? h.FrameLength : null;

    [Theory]
    [InlineData("ac3_51.ac3", false, 48000, 6, true, 1536)]
    [InlineData("eac3.eac3", true, 48000, 2, false, 1536)]
    public void TryParse_RealStreams_MatchFfprobeAndCoverFile(string file, bool enhanced, int rate, int channels, bool lfe, int samples)
    {
        var data = CodecTestData.Load(file);

        Ac3FrameHeader.TryParse(data, out var h).Should().BeTrue();

        (h.Enhanced, h.SampleRate, h.ChannelCount, h.Lfe, h.SamplesPerFrame).Should().Be((enhanced, rate, channels, lfe, samples));
        FrameStream.Frames(data, FrameLength).Sum().Should().Be(data.Length);
    }

    [Fact]
    public void TryParse_Ac3Capture_ExposesDac3Fields()
    {
        // 192 kb/s 5.1 at 48 kHz: frmsizecod 20 (bit_rate_code 10), acmod 3/2, bsid 8, complete main service.
        Ac3FrameHeader.TryParse(CodecTestData.Load("ac3_51.ac3"), out var h).Should().BeTrue();

        (h.Fscod, h.FrameSizeCode, h.Bsid, h.Bsmod, h.Acmod, h.FrameLength).Should().Be((0, 20, 8, 0, 7, 768));
    }

    [Fact]
    public void TryReadSyncFrameLength_Ac3Capture_MatchesTryParseAndPrefixesNeedMore()
    {
        var data = CodecTestData.Load("ac3_51.ac3");

        FrameStream.Frames(data, d => Ac3FrameHeader.TryReadSyncFrameLength(d, out var n) ? n : null)
            .Should().Equal(FrameStream.Frames(data, FrameLength));
        for (var len = 0; len < 5; len++)
        {
            Ac3FrameHeader.TryReadSyncFrameLength(data.AsSpan(0, len), out _).Should().BeFalse();
        }

        FrameStream.Fuzz(d => Ac3FrameHeader.TryReadSyncFrameLength(d, out var n) ? n : null, 62, 0x0B, 0x77);
    }

    [Fact]
    public void TryParse_SplitAtEveryOffsetAndPrefixes_SameFrames()
    {
        var data = CodecTestData.Load("ac3_51.ac3")[..2000];
        var whole = FrameStream.Frames(data, FrameLength);
        for (var split = 0; split <= data.Length; split += 3)
        {
            FrameStream.FramesSplit(data, split, FrameLength).Should().Equal(whole);
        }

        for (var len = 0; len < Ac3FrameHeader.Length; len++)
        {
            Ac3FrameHeader.TryParse(data.AsSpan(0, len), out _).Should().BeFalse();
        }
    }

    [Fact]
    public void TryParse_RandomBytes_OnlyThrowsCodecProtocolException() => FrameStream.Fuzz(FrameLength, 61, 0x0B, 0x77);
}
