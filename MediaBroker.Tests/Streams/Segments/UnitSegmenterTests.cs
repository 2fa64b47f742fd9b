using System.Buffers.Binary;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Media;
using MediaBroker.Streams.Segments;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Streams.Segments;

public sealed class UnitSegmenterTests
{
    // SPS of x264 at 640x480 (Constrained Baseline), from `ffmpeg -f lavfi -i testsrc2=size=640x480 -c:v libx264 -preset ultrafast -f h264`.
    private static readonly byte[] Sps640 = [0x67, 0x42, 0xC0, 0x1E, 0xDA, 0x02, 0x80, 0xF6, 0xC0, 0x44, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xCA, 0x3C, 0x58, 0xBA, 0x80];

    [Fact]
    public void WriteUnit_RecordingOptions_CutsAtKeyFramesWithTimelineFromZero()
    {
        var tracks = TestPaths.H264AndAac();
        var sink = new Sink();
        var seg = new UnitSegmenter(tracks, Recording(SegmentFormat.Fmp4), sink);
        sink.Owner = seg;
        Feed(seg, tracks, fromFrame: 0, frames: 76);
        seg.Finish();

        sink.Segments.Should().HaveCount(4, "76 frames at 25 fps cut every 1 s key frame");
        sink.Segments.Take(3).Should().OnlyContain(s => Math.Abs(s.Duration - 1.0) < 1e-9);
        sink.Segments[3].Duration.Should().BeApproximately(0.04, 1e-9, "one frame, and its duration");
        foreach (var s in sink.Segments)
        {
            s.Parts.Should().NotBeEmpty();
            FirstVideoTfdt(s.Parts[0]).Should().Be(0, "each segment's video timeline starts at 0");
        }
    }

    [Fact]
    public void WriteUnit_ParametersChangeWhileRecording_EndsSegmentAndStartsOneWithNewInit()
    {
        var tracks = TestPaths.H264AndAac();
        var sink = new Sink();
        var seg = new UnitSegmenter(tracks, Recording(SegmentFormat.Fmp4), sink);
        sink.Owner = seg;
        Feed(seg, tracks, fromFrame: 0, frames: 10);
        tracks[0].UpdateCodec(new H264Codec(Sps640, [0x68, 0xCE, 0x0F, 0xC8]));
        Feed(seg, tracks, fromFrame: 10, frames: 10, firstKey: true);
        seg.Finish();

        seg.StopReason.Should().BeNull();
        sink.Segments.Should().HaveCount(2, "a new SPS starts a new segment, not at a 1 s boundary");
        sink.Segments[0].Duration.Should().BeApproximately(0.4, 1e-9);
        sink.Segments[0].Width.Should().Be(320);
        sink.Segments[1].Width.Should().Be(640);
        sink.Segments[1].Init.Should().NotEqual(sink.Segments[0].Init);
    }

    [Fact]
    public void WriteUnit_ParametersChangeForHls_Stops()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = new UnitSegmenter(tracks, new SegmenterOptions(), new Sink());
        Feed(seg, tracks, fromFrame: 0, frames: 5);
        tracks[0].UpdateCodec(new H264Codec(Sps640, [0x68, 0xCE, 0x0F, 0xC8]));
        Feed(seg, tracks, fromFrame: 5, frames: 1, firstKey: true);

        seg.StopReason.Should().Contain("changed");
    }

    [Fact]
    public void WriteUnit_MaxPartSize_WritesSmallerParts()
    {
        var tracks = TestPaths.H264AndAac();
        var sink = new Sink();
        var seg = new UnitSegmenter(tracks, Recording(SegmentFormat.MpegTs) with { MaxPartSize = 1 }, sink);
        sink.Owner = seg;
        Feed(seg, tracks, fromFrame: 0, frames: 20);
        seg.Finish();

        sink.Segments.Should().ContainSingle();
        sink.Segments[0].Parts.Should().HaveCountGreaterThan(10, "every primary unit exceeds a 1-byte part");
        sink.Segments[0].Parts.Should().OnlyContain(p => p.Length % 188 == 0);
    }

    private static SegmenterOptions Recording(SegmentFormat format) => new()
    {
        Format = format,
        SegmentDuration = TimeSpan.FromSeconds(1),
        PartDuration = TimeSpan.FromMilliseconds(200),
        NewSegmentOnParameterChange = true,
        SegmentTimelineFromZero = true,
    };

    /// <summary>25 fps video (a key frame every 25 frames) with AAC frames in between, on the path clock.</summary>
    private static void Feed(UnitSegmenter seg, Track[] tracks, int fromFrame, int frames, bool firstKey = false)
    {
        for (var f = fromFrame; f < fromFrame + frames; f++)
        {
            var pts = 90_000L * f / 25;
            var audio = 44_100L * f / 25;
            seg.WriteUnit(TestPaths.Audio(tracks[1], audio));
            seg.WriteUnit(TestPaths.Video(tracks[0], pts, f % 25 == 0 || (firstKey && f == fromFrame)));
        }
    }

    /// <summary>baseMediaDecodeTime of track 1 (video) in a moof + mdat part.</summary>
    private static long FirstVideoTfdt(byte[] part)
    {
        for (var i = 0; i + 20 <= part.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(part.AsSpan(i + 4)) == 0x74666474) // "tfdt"
            {
                return BinaryPrimitives.ReadInt64BigEndian(part.AsSpan(i + 12));
            }
        }

        throw new InvalidOperationException("no tfdt");
    }

    private sealed class Sink : ISegmentSink
    {
        private Segment? _open;

        public UnitSegmenter? Owner { get; set; }

        public List<Segment> Segments { get; } = [];

        public void SegmentStarted(long dts, DateTime ntp)
        {
            _open.Should().BeNull("segments never overlap");
            var video = Owner?.TrackInfos?.FirstOrDefault(i => i.IsVideo);
            _open = new Segment(Owner?.Init.ToArray() ?? [], video?.Width ?? 0);
        }

        public void PartWritten(ReadOnlySpan<byte> data, double duration, bool independent) => _open!.Parts.Add(data.ToArray());

        public void SegmentEnded(double duration)
        {
            Segments.Add(_open! with { Duration = duration });
            _open = null;
        }
    }

    private sealed record Segment(byte[] Init, int Width)
    {
        public List<byte[]> Parts { get; } = [];

        public double Duration { get; init; }
    }
}
