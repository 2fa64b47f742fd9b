using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Protocols.Hls;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

public sealed class HlsSegmenterTests
{
    [Fact]
    public void WriteUnit_KeyFrameEverySecond_CutsOneSecondSegmentsOfFiveParts()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks, count: 10);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 101, gop: 25);

        var s = seg.Output.Current;
        s.Segments.Should().HaveCount(4);
        s.Segments.Select(x => x.Msn).Should().Equal(0, 1, 2, 3);
        s.Segments.Should().OnlyContain(x => Math.Abs(x.Duration - 1.0) < 1e-9 && x.VideoFrames == 25);
        s.Segments.Should().OnlyContain(x => x.Parts.Length == 5);
        s.Segments.SelectMany(x => x.Parts).Should().OnlyContain(p => Math.Abs(p.Duration - 0.2) < 1e-9);
        s.Segments.SelectMany(x => x.Parts).Select(p => p.Id).Should().Equal(Enumerable.Range(0, 20).Select(i => (long)i));
        s.Segments.Should().OnlyContain(x => x.Parts[0].Independent && x.Parts.Skip(1).All(p => !p.Independent));
        s.Segments.Should().OnlyContain(x => x.Size == x.Parts.Sum(p => p.Data.Length) && x.Chunks.Length == 5);
        s.CurrentMsn.Should().Be(4);
        s.TargetDuration.Should().Be(1);
        s.PartTarget.Should().BeApproximately(0.2, 1e-9);
        s.Init.Length.Should().BeGreaterThan(0);
        s.Info!.Codecs.Should().Be("avc1.42c00d,mp4a.40.2");
        s.FrameRate().Should().BeApproximately(25, 1e-9);
    }

    [Fact]
    public void WriteUnit_KeyFrameEveryTwoSeconds_StretchesSegmentsToKeyFrames()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks, count: 10);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 151, gop: 50);

        var s = seg.Output.Current;
        s.Segments.Should().HaveCount(3);
        s.Segments.Should().OnlyContain(x => Math.Abs(x.Duration - 2.0) < 1e-9 && x.Parts.Length == 10);
        s.TargetDuration.Should().Be(2);
    }

    [Fact]
    public void WriteUnit_StartsAtFirstKeyFrame_DropsEarlierUnits()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks, count: 10);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 61, gop: 25, startFrame: 15); // key frames 25, 50, 75

        var s = seg.Output.Current;
        s.Segments.Should().HaveCount(2);
        s.Segments[0].VideoFrames.Should().Be(25);
        s.Segments[0].Parts[0].Independent.Should().BeTrue();
    }

    [Fact]
    public void WriteUnit_MoreSegmentsThanCount_KeepsCountPlusOne()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks, count: 3);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 25 * 8 + 1, gop: 25);

        var s = seg.Output.Current;
        s.Segments.Select(x => x.Msn).Should().Equal(4, 5, 6, 7);
        s.FindSegment(3).Should().BeNull();
        s.FindPart(s.Segments[0].Parts[0].Id).Should().NotBeNull();
        s.FindPart(0).Should().BeNull();
    }

    [Fact]
    public void WriteUnit_PartsPublishedOneByOne_ContainsFollowsThem()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks, count: 10);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 26, gop: 25);
        seg.Output.Current.Contains(0, null).Should().BeTrue();
        seg.Output.Current.Contains(1, 0).Should().BeFalse();

        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 5, gop: 25, startFrame: 26);
        var s = seg.Output.Current;
        s.Contains(1, 0).Should().BeTrue();
        s.Contains(1, 1).Should().BeFalse();
        s.NextPartId.Should().Be(6);
    }

    [Fact]
    public void WriteUnit_MpegTs_OneChunkPerSegmentStartingWithTables()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks, HlsVariant.MpegTs, count: 10);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 76, gop: 25);

        var s = seg.Output.Current;
        s.Segments.Should().HaveCount(3);
        s.Init.IsEmpty.Should().BeTrue();
        foreach (var x in s.Segments)
        {
            x.Parts.Should().BeEmpty();
            x.Chunks.Should().ContainSingle();
            var data = x.Chunks[0].Span;
            (data.Length % 188).Should().Be(0);
            data[0].Should().Be(0x47);
            ((data[1] & 0x1F) << 8 | data[2]).Should().Be(0, "each segment starts with the PAT");
        }

        s.Info!.Codecs.Should().Be("avc1.42c00d,mp4a.40.2");
        s.Info.Width.Should().BeGreaterThan(0);
    }

    [Fact]
    public void WriteUnit_AudioOnly_CutsOnAudioTimeline()
    {
        var audio = new Track(0, new MediaBroker.Codecs.Mpeg4AudioCodec([0x12, 0x10], 44100, 2));
        var seg = HlsTestUnits.Segmenter([audio], count: 10);
        for (long pts = 0; pts < 44100 * 3; pts += 1024)
        {
            seg.WriteUnit(TestPaths.Audio(audio, pts));
        }

        var s = seg.Output.Current;
        s.Segments.Should().HaveCount(2);
        s.Segments.Should().OnlyContain(x => x.Duration >= 1.0 && x.Duration < 1.03 && x.VideoFrames == 0);
        s.Info!.Codecs.Should().Be("mp4a.40.2");
        s.Info.HasResolution.Should().BeFalse();
    }

    [Fact]
    public void WriteUnit_CodecParametersChange_StopsWithReason()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks, count: 10);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 30, gop: 25);
        var old = (MediaBroker.Codecs.H264Codec)tracks[0].Codec;
        tracks[0].UpdateCodec(old with { Pps = [0x68, 0xCE, 0x3C, 0x81] });
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 5, gop: 25, startFrame: 30);

        seg.StopReason.Should().Contain("changed");
        seg.Output.Current.Ended.Should().BeTrue();
    }
}
