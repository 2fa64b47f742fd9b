using FluentAssertions;
using MediaBroker.Forward;
using Xunit;

namespace MediaBroker.Tests.Forward;

public sealed class PushBackoffTests
{
    [Fact]
    public void Next_RepeatedFailures_DoublesFromOneSecondUpToThirty()
    {
        var b = PushBackoff.Default;
        var delays = new List<double>();
        var d = TimeSpan.Zero;
        for (int i = 0; i < 8; i++)
        {
            d = b.Next(d, TimeSpan.Zero);
            delays.Add(d.TotalSeconds);
        }

        delays.Should().Equal(1, 2, 4, 8, 16, 30, 30, 30);
    }

    [Fact]
    public void Next_AfterAHealthyMinute_StartsOverAtOneSecond()
    {
        var b = PushBackoff.Default;
        b.Next(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61)).Should().Be(TimeSpan.FromSeconds(1));
        b.Next(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(59)).Should().Be(TimeSpan.FromSeconds(16));
    }

    [Fact]
    public void Next_HugePreviousDelay_DoesNotOverflow()
    {
        new PushBackoff(TimeSpan.FromSeconds(1), TimeSpan.MaxValue, TimeSpan.FromMinutes(1))
            .Next(TimeSpan.MaxValue / 2 + TimeSpan.FromSeconds(1), TimeSpan.Zero).Should().Be(TimeSpan.MaxValue);
    }
}
