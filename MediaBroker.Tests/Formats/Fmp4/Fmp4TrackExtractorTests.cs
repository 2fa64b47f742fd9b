using System.Buffers;
using FluentAssertions;
using MediaBroker.Formats.Fmp4;
using Xunit;

namespace MediaBroker.Tests.Formats.Fmp4;

public sealed class Fmp4TrackExtractorTests
{
    [Theory]
    [InlineData("h264_aac.mp4")]
    [InlineData("vp9_opus.mp4")]
    public void Extract_EachTrackOfRemuxedCapture_IsAMovieOfThatTrackAlone_WithItsSamples(string name)
    {
        var src = Fmp4TestMedia.Demux(name);
        var infos = Fmp4TestMedia.TrackInfos(src);
        var whole = Fmp4TestMedia.Remux(src, infos);
        var original = Mp4FileReader.Read(whole);
        var initEnd = InitEnd(whole);
        infos.Should().HaveCountGreaterThan(1);

        for (var t = 0; t < infos.Count; t++)
        {
            var w = new ArrayBufferWriter<byte>();
            Fmp4TrackExtractor.TryExtractInit(whole.AsSpan(0, initEnd), infos[t].TrackId, w).Should().BeTrue();
            var fragments = Fmp4TrackExtractor.ExtractFragments(whole.AsSpan(initEnd), infos[t].TrackId, w);
            fragments.Should().BePositive();
            var bytes = w.WrittenSpan.ToArray();

            var movie = Mp4FileReader.Read(bytes);
            movie.IsFragmented.Should().BeTrue();
            var read = movie.Tracks.Should().ContainSingle().Subject;
            var expected = original.Tracks[t];
            read.Timescale.Should().Be(expected.Timescale);
            read.Samples.Should().HaveCount(expected.Samples.Count);
            for (var i = 0; i < read.Samples.Count; i++)
            {
                var (a, e) = (read.Samples[i], expected.Samples[i]);
                (a.Dts, a.Pts, a.IsSync, a.Size).Should().Be((e.Dts, e.Pts, e.IsSync, e.Size), "sample {0} of track {1}", i, t);
                bytes.AsSpan((int)a.Offset, a.Size).SequenceEqual(whole.AsSpan((int)e.Offset, e.Size)).Should().BeTrue("sample {0} keeps its bytes", i);
            }
        }
    }

    [Fact]
    public void TryExtractInit_TrackNotInInit_ReturnsFalseAndWritesNothing()
    {
        var src = Fmp4TestMedia.Demux("h264_aac.mp4");
        var whole = Fmp4TestMedia.Remux(src, Fmp4TestMedia.TrackInfos(src));
        var w = new ArrayBufferWriter<byte>();
        Fmp4TrackExtractor.TryExtractInit(whole.AsSpan(0, InitEnd(whole)), 9, w).Should().BeFalse();
        w.WrittenCount.Should().Be(0);
    }

    [Fact]
    public void ExtractFragments_TrackWithoutSamples_WritesNothing_TruncatedInputThrows()
    {
        var src = Fmp4TestMedia.Demux("h264_aac.mp4");
        var whole = Fmp4TestMedia.Remux(src, Fmp4TestMedia.TrackInfos(src));
        var fragments = whole.AsSpan(InitEnd(whole)).ToArray();
        Fmp4TrackExtractor.ExtractFragments(fragments, 9, new ArrayBufferWriter<byte>()).Should().Be(0);

        var act = () => Fmp4TrackExtractor.ExtractFragments(fragments.AsSpan(0, fragments.Length - 3), 1, new ArrayBufferWriter<byte>());
        act.Should().Throw<Mp4ProtocolException>();
    }

    /// <summary>Where ftyp + moov end and the fragments begin.</summary>
    private static int InitEnd(byte[] file)
    {
        foreach (var box in new Mp4BoxEnumerator(file))
        {
            if (box.Type == Mp4BoxTypes.Moov)
            {
                return box.Offset + box.Size;
            }
        }

        throw new InvalidOperationException("no moov");
    }
}
