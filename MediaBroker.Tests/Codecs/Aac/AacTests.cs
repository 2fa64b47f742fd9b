using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Aac;
using Xunit;

namespace MediaBroker.Tests.Codecs.Aac;

public sealed class AacTests
{
    private static int? AdtsLength(ReadOnlySpan<byte> d) => AdtsHeader.TryParse(d, out var h) ? h.FrameLength : null;

    [Fact]
    public void AdtsTryParse_RealStream_MatchesFfprobe()
    {
        var data = CodecTestData.Load("aac.adts");

        AdtsHeader.TryParse(data, out var h).Should().BeTrue();
        var frames = FrameStream.Frames(data, AdtsLength);

        h.SampleRate.Should().Be(48000);
        h.ChannelCount.Should().Be(2);
        h.ObjectType.Should().Be(2);
        h.HeaderLength.Should().Be(7);
        frames.Sum().Should().Be(data.Length);
        frames.Count.Should().BeInRange(47, 49); // 1 s at 1024 samples per frame
    }

    [Fact]
    public void AdtsTryParse_SplitAtEveryOffsetAndPrefixes_SameFrames()
    {
        var data = CodecTestData.Load("aac.adts")[..600];
        var whole = FrameStream.Frames(data, AdtsLength);
        for (var split = 0; split <= data.Length; split++)
        {
            FrameStream.FramesSplit(data, split, AdtsLength).Should().Equal(whole);
        }

        for (var len = 0; len < 7; len++)
        {
            AdtsHeader.TryParse(data.AsSpan(0, len), out _).Should().BeFalse();
        }
    }

    [Fact]
    public void AdtsTryParse_RandomBytes_OnlyThrowsCodecProtocolException() => FrameStream.Fuzz(AdtsLength, 21, 0xFF, 0xF1);

    [Fact]
    public void AdtsBuildAudioSpecificConfig_RealStream_ParsesToHeaderFields()
    {
        AdtsHeader.TryParse(CodecTestData.Load("aac.adts"), out var h).Should().BeTrue();

        var config = h.BuildAudioSpecificConfig();

        config.Should().Equal(0x11, 0x90); // AAC LC, 48 kHz, 2 channels
        AudioSpecificConfig.TryParse(config, out var asc).Should().BeTrue();
        (asc.ObjectType, asc.SampleRate, asc.ChannelCount).Should().Be((2, 48000, 2));
        new AdtsHeader(2, 3, 0, 100, false, 1).BuildAudioSpecificConfig().Should().Equal(0x11, 0x80); // PCE channels kept as 0
    }

    [Fact]
    public void AdtsCanWrite_HeAacCoreAndEscapes_OnlyWhatAdtsExpresses()
    {
        AudioSpecificConfig.TryParse([0x2B, 0x11, 0x88, 0x00], out var heAac).Should().BeTrue(); // SBR, core AAC LC 24 kHz
        AdtsHeader.CanWrite(heAac).Should().BeTrue();
        AdtsHeader.CanWrite(new AudioSpecificConfig(2, 44100, 2) { ChannelConfiguration = 2 }).Should().BeTrue();
        AdtsHeader.CanWrite(new AudioSpecificConfig(5, 44100, 2)).Should().BeFalse();
        AdtsHeader.CanWrite(new AudioSpecificConfig(2, 12345, 2)).Should().BeFalse();
        AdtsHeader.CanWrite(new AudioSpecificConfig(2, 48000, 7) { ChannelConfiguration = 11 }).Should().BeFalse();
    }

    [Fact]
    public void AdtsWrite_ForAccessUnit_ParsesBackWithSameFields()
    {
        var asc = new AudioSpecificConfig(2, 44100, 1) { ChannelConfiguration = 1 };
        var header = new byte[7];

        AdtsHeader.Write(header, asc, 300);

        AdtsHeader.TryParse(header, out var h).Should().BeTrue();
        h.Should().Be(new AdtsHeader(2, 4, 1, 307, false, 1));
        h.ToAudioSpecificConfig().Should().Be(asc);
    }

    [Fact]
    public void AdtsWrite_RewrappedRawAccessUnits_FfprobeReadsThem()
    {
        var data = CodecTestData.Load("aac.adts");
        var asc = new AudioSpecificConfig(2, 48000, 2) { ChannelConfiguration = 2 };
        var output = new MemoryStream();
        var header = new byte[7];
        for (var pos = 0; AdtsHeader.TryParse(data.AsSpan(pos), out var h) && pos + h.FrameLength <= data.Length; pos += h.FrameLength)
        {
            AdtsHeader.Write(header, asc, h.PayloadLength);
            output.Write(header);
            output.Write(data.AsSpan(pos + h.HeaderLength, h.PayloadLength));
        }

        var path = Path.Combine(Path.GetTempPath(), $"mb-adts-{Guid.NewGuid():N}.aac");
        File.WriteAllBytes(path, output.ToArray());
        try
        {
            var probe = CodecTestData.Probe(path, "stream=codec_name,sample_rate,channels");
            probe["codec_name"].Should().Be("aac");
            probe["sample_rate"].Should().Be("48000");
            probe["channels"].Should().Be("2");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AscBuild_StandardAndExplicitRates_RoundTrip()
    {
        AudioSpecificConfig.Build(2, 48000, 2).Should().Equal(0x11, 0x90);
        AudioSpecificConfig.TryParse(AudioSpecificConfig.Build(2, 50000, 8), out var a).Should().BeTrue();
        a.Should().Be(new AudioSpecificConfig(2, 50000, 8) { ChannelConfiguration = 7 });
        AudioSpecificConfig.TryParse(AudioSpecificConfig.Build(42, 16000, 1), out var b).Should().BeTrue();
        b.ObjectType.Should().Be(42);
    }

    [Fact]
    public void AscTryParse_HierarchicalHeAac_ReportsSbrAndCore()
    {
        // AOT 5, core 24 kHz stereo, extension 48 kHz, core AOT 2 (14496-3 §1.6.5.2).
        AudioSpecificConfig.TryParse([0x2B, 0x11, 0x88, 0x00], out var c).Should().BeTrue();

        c.ObjectType.Should().Be(2);
        c.SampleRate.Should().Be(24000);
        c.Sbr.Should().BeTrue();
        c.ExtensionSampleRate.Should().Be(48000);
        c.ChannelCount.Should().Be(2);
    }

    [Fact]
    public void AscTryParse_PrefixesAndRandomBytes_FalseOrProtocolException()
    {
        AudioSpecificConfig.TryParse([0x11], out _).Should().BeFalse();
        AudioSpecificConfig.TryParse([], out _).Should().BeFalse();
        FrameStream.Fuzz(d => AudioSpecificConfig.TryParse(d, out _) ? 1 : null, 22, 0x12);
        FrameStream.Fuzz(d => LatmStreamMuxConfig.TryParse(d, out _) ? 1 : null, 23, 0x40);
    }

    [Fact]
    public void LatmTryParseAudioMuxElement_FfmpegLoas_MatchesFfprobe()
    {
        var data = CodecTestData.Load("aac.latm");

        LatmStreamMuxConfig.TryReadLoasFrame(data, out var len).Should().BeTrue();
        LatmStreamMuxConfig.TryParseAudioMuxElement(data.AsSpan(3, len - 3), out var asc).Should().BeTrue();

        asc.ObjectType.Should().Be(2);
        asc.SampleRate.Should().Be(22050);
        asc.ChannelCount.Should().Be(1);
        FrameStream.Frames(data, d => LatmStreamMuxConfig.TryReadLoasFrame(d, out var l) ? l : null).Sum().Should().Be(data.Length);
    }

    [Fact]
    public void LatmTryParse_SdpConfig_ReturnsAsc()
    {
        // 40002410: audioMuxVersion 0, allStreamsSameTimeFraming 1, one program/layer, then the ASC
        // 00010 (AAC LC) 0100 (44.1 kHz) 0001 (mono) 000.
        LatmStreamMuxConfig.TryParse(Convert.FromHexString("40002410"), out var asc).Should().BeTrue();

        asc.ObjectType.Should().Be(2);
        asc.SampleRate.Should().Be(44100);
        asc.ChannelCount.Should().Be(1);
    }

    [Theory]
    [InlineData("40002410")] // ffmpeg's SDP config
    [InlineData("400024103FC0")] // the same followed by frameLengthType, latmBufferFullness 0xFF and two zero flags
    public void LatmTryExtractAudioSpecificConfig_SdpConfig_ReturnsAlignedAsc(string hex)
    {
        LatmStreamMuxConfig.TryExtractAudioSpecificConfig(Convert.FromHexString(hex), out var asc).Should().BeTrue();

        asc.Should().Equal(0x12, 0x08); // AAC LC, 44.1 kHz, mono; the bits after the config are not copied
        for (var len = 0; len < 4; len++)
        {
            LatmStreamMuxConfig.TryExtractAudioSpecificConfig(Convert.FromHexString(hex).AsSpan(0, len), out _).Should().BeFalse();
        }

        FrameStream.Fuzz(d => LatmStreamMuxConfig.TryExtractAudioSpecificConfig(d, out var c) ? c.Length : null, 24, 0x40);
    }

    [Fact]
    public void Mpeg4AudioCodecFromConfig_Garbage_ReturnsNull() =>
        Mpeg4AudioCodec.FromConfig([0x17, 0x80]).Should().BeNull();
}
