using System.Buffers;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Media;
using Xunit;

namespace MediaBroker.Tests.Formats.Fmp4;

public sealed class Fmp4SampleBuilderTests
{
    [Fact]
    public void TryBuild_Av1ObusWithoutSizes_GetSizesAndLoseTemporalDelimiter()
    {
        var src = Fmp4TestMedia.Demux("av1_opus.mp4");
        var info = Fmp4TestMedia.TrackInfos(src)[0];
        var track = src.Tracks[0];
        byte[] td = [0x12, 0x00]; // temporal delimiter with obu_has_size_field and size 0
        byte[] frame = [0x30, 0xAA, 0xBB, 0xCC]; // OBU_FRAME without size field: the payload runs to the end
        var unit = new Unit { Track = track, Pts = 3000, Dts = 3000, Payloads = [td, frame] };

        Fmp4SampleBuilder.TryBuild(info, unit, out var sample).Should().BeTrue();
        sample.Size.Should().Be(5);
        sample.Framing.Should().Be(Fmp4SampleFraming.Av1);
        MdatPayload(info, sample).Should().Equal(0x32, 0x03, 0xAA, 0xBB, 0xCC);
    }

    [Fact]
    public void TryBuild_H264Aud_IsDroppedAndNalsAreLengthPrefixed()
    {
        var src = Fmp4TestMedia.Demux("h264_aac.mp4");
        var info = Fmp4TestMedia.TrackInfos(src)[0];
        var unit = new Unit { Track = src.Tracks[0], Pts = 0, Dts = 0, IsRandomAccess = true, Payloads = [new byte[] { 0x09, 0xF0 }, new byte[] { 0x65, 1, 2 }] };
        Fmp4SampleBuilder.TryBuild(info, unit, out var sample).Should().BeTrue();
        sample.IsSync.Should().BeTrue();
        MdatPayload(info, sample).Should().Equal(0, 0, 0, 3, 0x65, 1, 2);
    }

    [Fact]
    public void TryBuild_H265ParameterSets_StayInHvcC()
    {
        var src = Fmp4TestMedia.Demux("h265_opus.mp4");
        var info = Fmp4TestMedia.TrackInfos(src)[0];
        var codec = (H265Codec)src.Tracks[0].Codec;
        var unit = new Unit { Track = src.Tracks[0], Payloads = [codec.Vps!, codec.Sps!, codec.Pps!, new byte[] { 0x26, 0x01, 0xAF }] };
        Fmp4SampleBuilder.TryBuild(info, unit, out var sample).Should().BeTrue();
        MdatPayload(info, sample).Should().Equal(0, 0, 0, 3, 0x26, 0x01, 0xAF);
    }

    [Fact]
    public void TryBuild_EmptyOrOnlyAud_ReturnsFalse()
    {
        var src = Fmp4TestMedia.Demux("h264_aac.mp4");
        var info = Fmp4TestMedia.TrackInfos(src)[0];
        Fmp4SampleBuilder.TryBuild(info, new Unit { Track = src.Tracks[0] }, out _).Should().BeFalse();
        Fmp4SampleBuilder.TryBuild(info, new Unit { Track = src.Tracks[0], Payloads = [new byte[] { 0x09, 0x10 }] }, out _).Should().BeFalse();
    }

    [Fact]
    public void TryBuild_Mp3At90kHz_IsRescaledToSampleRate()
    {
        var src = Fmp4TestMedia.Demux("mpeg4_mp3.mp4");
        var info = Fmp4TestMedia.TrackInfos(src)[1];
        info.Timescale.Should().Be(44100);
        var unit = src.UnitsByTrack[1][10];
        Fmp4SampleBuilder.TryBuild(info, unit, out var sample).Should().BeTrue();
        sample.Dts.Should().BeCloseTo(src.Movie.Tracks[1].Samples[10].Dts, 1);
    }

    [Theory]
    [InlineData(90000, 90000, 48000, 48000)]
    [InlineData(2351, 90000, 44100, 1151)]
    [InlineData(-1, 90000, 44100, -1)]
    [InlineData(long.MaxValue / 2, 48000, 48000, long.MaxValue / 2)]
    public void Rescale_Values_RoundDown(long value, int from, int to, long expected) =>
        Fmp4Time.Rescale(value, from, to).Should().Be(expected);

    private static byte[] MdatPayload(Fmp4TrackInfo info, Fmp4Sample sample)
    {
        var writer = new Fmp4FragmentWriter([info]);
        writer.Add(0, sample);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteFinal(output, [1]);
        var movie = Mp4FileReader.Read([.. Fmp4InitWriter.Build([info]), .. output.WrittenSpan]);
        var s = movie.Tracks[0].Samples.Should().ContainSingle().Subject;
        s.Size.Should().Be(sample.Size);
        var all = Fmp4InitWriter.Build([info]).Concat(output.WrittenSpan.ToArray()).ToArray();
        return all.AsSpan((int)s.Offset, s.Size).ToArray();
    }
}
