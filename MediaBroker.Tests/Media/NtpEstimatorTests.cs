using FluentAssertions;
using MediaBroker.Media;
using Xunit;

namespace MediaBroker.Tests.Media;

public sealed class NtpEstimatorTests
{
    private static readonly DateTime T0 = new(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc);

    [Fact]
    public void Estimate_JitteryArrivals_FollowTheMediaClock()
    {
        var e = new NtpEstimator(90000);
        e.Estimate(0, T0).Should().Be(T0);

        // Frames 40 ms apart arriving late by varying amounts (a burst) still get 40 ms steps.
        e.Estimate(3600, T0.AddMilliseconds(300)).Should().Be(T0.AddMilliseconds(40));
        e.Estimate(7200, T0.AddMilliseconds(310)).Should().Be(T0.AddMilliseconds(80));
    }

    [Fact]
    public void Estimate_AheadOfArrival_ReanchorsOnArrival()
    {
        var e = new NtpEstimator(90000);
        e.Estimate(0, T0);
        e.Estimate(90000, T0.AddMilliseconds(900)).Should().Be(T0.AddMilliseconds(900), "a time in the future is not a capture time");
        e.Estimate(93600, T0.AddMilliseconds(950)).Should().Be(T0.AddMilliseconds(940));
    }

    [Fact]
    public void Estimate_FarBehindArrival_Reanchors()
    {
        var e = new NtpEstimator(90000);
        e.Estimate(0, T0);
        var late = T0.AddSeconds(1) + NtpEstimator.MaxLag + TimeSpan.FromMilliseconds(1);
        e.Estimate(90000, late).Should().Be(late, "a pause longer than MaxLag moves the anchor");
    }
}
