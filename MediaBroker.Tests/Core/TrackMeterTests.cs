using FluentAssertions;
using MediaBroker.Core;
using Xunit;

namespace MediaBroker.Tests.Core;

/// <summary>The per-track window the stream info's bps, efpks, firstms and lastms come from.</summary>
public sealed class TrackMeterTests
{
    [Fact]
    public void NoUnit_NoReading()
    {
        new TrackMeter(90000).Read().Should().BeNull();
    }

    [Fact]
    public void SteadyStream_ReadsItsRates_OverTheLastTenSeconds()
    {
        var meter = new TrackMeter(90000);

        // 30 s of 25 fps video, 2000 bytes a frame, starting at 1 s: 50 000 bytes a second.
        for (var i = 0; i < 750; i++)
        {
            meter.Add(90000 + (i * 3600L), 2000);
        }

        var r = meter.Read()!.Value;
        r.LastMs.Should().Be(1000 + (749 * 40));
        (r.LastMs - r.FirstMs).Should().BeInRange(9500, TrackMeter.WindowMilliseconds, "only the window is summed");
        r.BytesPerSecond.Should().BeApproximately(50_000, 1);
        r.UnitsPerSecond.Should().BeApproximately(25, 0.01);
    }

    [Fact]
    public void YoungStream_WindowStartsAtItsFirstUnit()
    {
        var meter = new TrackMeter(48000);
        for (var i = 0; i < 100; i++)
        {
            meter.Add(48000 + (i * 1024L), 200);
        }

        var r = meter.Read()!.Value;
        r.FirstMs.Should().Be(1000);
        r.Units.Should().Be(100);
        r.BytesPerSecond.Should().BeApproximately(200 * 48000 / 1024.0, 1);
    }

    [Fact]
    public void TimeGoingBack_StartsTheWindowAgain_FromTheNewTimeline()
    {
        var meter = new TrackMeter(1000);
        for (var t = 50_000; t < 60_000; t += 100)
        {
            meter.Add(t, 100);
        }

        for (var t = 20_000; t < 22_000; t += 100)
        {
            meter.Add(t, 300);
        }

        var r = meter.Read()!.Value;
        (r.FirstMs, r.LastMs).Should().Be((20_000L, 21_900L), "the later buckets belong to the old timeline");
        r.BytesPerSecond.Should().BeApproximately(3000, 1);
    }
}
