using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The soak's flatness judgement: the slope after warm-up, projected over the window, against the series' bound.</summary>
public sealed class SoakSeriesTests
{
    [Fact]
    public void Of_RssGrowingOneMibPerMinuteForAnHour_IsNotFlat()
    {
        var samples = Enumerable.Range(0, 61).Select(m => Sample(m * 60, rss: 200 + m, fds: 300)).ToList();

        var rss = SoakSeries.Of("rssMib", samples, warmupSeconds: 20 * 60);

        rss.SlopePerMinute.Should().BeApproximately(1, 0.001);
        rss.GrowthOverWindow.Should().BeApproximately(40, 0.01);
        rss.Bound.Should().Be(24, "the floor is above 10 % of the window's mean (~230 MiB)");
        rss.Flat.Should().BeFalse();
        rss.Start.Should().Be(200);
        rss.Warm.Should().Be(220);
        rss.End.Should().Be(260);
        rss.Max.Should().Be(260);
    }

    [Fact]
    public void Of_FdsNoisyButLevel_IsFlatAndIgnoresWarmUpGrowth()
    {
        // Warm-up climbs from 100 to 300; afterwards the count alternates ±20 around 300.
        var samples = Enumerable.Range(0, 61).Select(m => Sample(m * 60, rss: 200, fds: m < 20 ? 100 + (m * 10) : 300 + (m % 2 == 0 ? 20 : -20))).ToList();

        var fds = SoakSeries.Of("fds", samples, warmupSeconds: 20 * 60);

        fds.Flat.Should().BeTrue();
        Math.Abs(fds.GrowthOverWindow).Should().BeLessThan(5);
        fds.Start.Should().Be(100);
        fds.Max.Should().Be(320);
    }

    [Fact]
    public void Of_TooFewSamplesAfterWarmUp_Throws()
    {
        var samples = new[] { Sample(0, 100, 10), Sample(60, 100, 10) };

        var act = () => SoakSeries.Of("rssMib", samples, warmupSeconds: 30);

        act.Should().Throw<InvalidOperationException>();
    }

    private static SoakSample Sample(double seconds, double rss, int fds) => new(seconds, rss, 50, fds, 40, 30, 20, 50);
}
