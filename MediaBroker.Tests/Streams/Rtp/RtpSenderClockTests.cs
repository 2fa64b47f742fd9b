using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Media;
using MediaBroker.Streams.Rtp;
using Xunit;

namespace MediaBroker.Tests.Streams.Rtp;

public sealed class RtpSenderClockTests
{
    private static readonly DateTime Start = new(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Track Video = new(0, new H264Codec(null, null, 1));
    private static readonly Track Audio = new(1, new OpusCodec(2));
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

    private static Unit At(Track track, double mediaSeconds, DateTime ntp) =>
        new() { Track = track, Pts = (long)Math.Round(mediaSeconds * track.ClockRate), NtpTime = ntp };

    [Fact]
    public void TimeOf_OneUnitReceivedLate_KeepsTheMapping()
    {
        var clock = new RtpSenderClock();
        clock.TimeOf(At(Video, 0, Start)).Should().Be(Start);

        // A starved thread hands one unit over 1.5 s late; its report time stays on the line, and so does the next one's.
        clock.TimeOf(At(Video, 1, Start.AddSeconds(2.5))).Should().BeCloseTo(Start.AddSeconds(1), Tolerance);
        clock.TimeOf(At(Video, 1.04, Start.AddSeconds(1.04))).Should().BeCloseTo(Start.AddSeconds(1.04), Tolerance);
        clock.Reanchors.Should().Be(0);
    }

    [Fact]
    public void TimeOf_TracksWhoseWallClocksDisagree_ShareOneMapping()
    {
        var clock = new RtpSenderClock();

        // Audio's receive-time estimate runs 1.5 s behind video's for the same media time, for ten seconds.
        for (var i = 0; i < 250; i++)
        {
            var media = i * 0.04;
            clock.TimeOf(At(Video, media, Start.AddSeconds(media))).Should().BeCloseTo(Start.AddSeconds(media), Tolerance);
            clock.TimeOf(At(Audio, media + 0.02, Start.AddSeconds(media + 1.52))).Should().BeCloseTo(Start.AddSeconds(media + 0.02), Tolerance);
        }

        clock.Reanchors.Should().Be(0);
    }

    [Fact]
    public void TimeOf_MediaTimeJumps_ReanchorsOnceTheJumpPersists()
    {
        var clock = new RtpSenderClock();
        for (var i = 0; i <= 100; i++)
        {
            clock.TimeOf(At(Video, i * 0.04, Start.AddSeconds(i * 0.04)));
        }

        // The publisher's timestamps jump 60 s ahead at wall-clock 4 s: the old mapping holds for PersistFor, then moves.
        DateTime last = default;
        for (var i = 1; i <= 75; i++)
        {
            var wall = Start.AddSeconds(4 + i * 0.04);
            last = clock.TimeOf(At(Video, 64 + i * 0.04, wall));
            if (wall - Start.AddSeconds(4.04) < RtpSenderClock.PersistFor)
            {
                last.Should().BeCloseTo(Start.AddSeconds(64 + i * 0.04), Tolerance);
            }
        }

        clock.Reanchors.Should().Be(1);
        last.Should().BeCloseTo(Start.AddSeconds(4 + 75 * 0.04), Tolerance);
    }
}
