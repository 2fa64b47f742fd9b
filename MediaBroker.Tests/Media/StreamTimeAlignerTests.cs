using FluentAssertions;
using MediaBroker.Media;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Media;

public sealed class StreamTimeAlignerTests
{
    [Fact]
    public void Align_FirstUnit_MovesOntoThePathClock_AsACopy()
    {
        var clock = new PathClock();
        var aligner = new StreamTimeAligner(clock);
        var video = TestPaths.H264AndAac()[0];
        var written = new Unit
        {
            Track = video,
            Pts = 5_000_000,
            Dts = 4_996_400,
            NtpTime = DateTime.UtcNow,
            IsRandomAccess = true,
            Payloads = [new byte[] { 0x65, 0x88 }],
        };

        var aligned = aligner.Align(written);

        aligned.Should().NotBeSameAs(written);
        written.Pts.Should().Be(5_000_000, "the publisher's unit never changes");
        written.Dts.Should().Be(4_996_400);
        var now = clock.Now.TotalSeconds;
        ((double)aligned.Dts / 90_000).Should().BeInRange(PathClock.Base.TotalSeconds, now, "the first unit's decode time is the path clock's time");
        (aligned.Pts - aligned.Dts).Should().Be(3_600, "the composition offset is kept");
        aligned.Payloads.Should().BeSameAs(written.Payloads);
        aligned.NtpTime.Should().Be(written.NtpTime);
        aligned.IsRandomAccess.Should().BeTrue();
    }

    [Fact]
    public void Align_LaterUnitsAndOtherTracks_ShiftBySameSeconds()
    {
        var aligner = new StreamTimeAligner(new PathClock());
        var tracks = TestPaths.H264AndAac();

        var v0 = aligner.Align(TestPaths.Video(tracks[0], 90_000, key: true));      // 1.0 s
        var a0 = aligner.Align(TestPaths.Audio(tracks[1], 66_150));                // 1.5 s at 44.1 kHz
        var v1 = aligner.Align(TestPaths.Video(tracks[0], 93_600, key: false));     // 1.04 s

        (v1.Pts - v0.Pts).Should().Be(3_600);
        ((double)a0.Pts / 44_100 - (double)v0.Pts / 90_000).Should().BeApproximately(0.5, 0.001);
    }
}
