using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Media;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Core;

public sealed class MediaStreamKeyFrameTests
{
    [Fact]
    public void RequestKeyFrame_NoHandler_IsNotForwarded()
    {
        var stream = new MediaStream(TestPaths.H264AndAac(), new PathClock(), 64, NullLogger.Instance);

        stream.RequestKeyFrame().Should().BeFalse();
        stream.KeyFrameRequestsForwarded.Should().Be(0);
    }

    [Fact]
    public async Task RequestKeyFrame_Burst_ForwardsOnceThenAgainAfterTheInterval()
    {
        var stream = new MediaStream(TestPaths.H264AndAac(), new PathClock(), 64, NullLogger.Instance);
        var calls = 0;
        stream.SetKeyFrameHandler(() => Interlocked.Increment(ref calls));

        var started = Stopwatch.StartNew();
        var forwarded = Enumerable.Range(0, 50).Count(_ => stream.RequestKeyFrame());

        forwarded.Should().Be(1, "a burst of requests within 500 ms collapses into one");
        calls.Should().Be(1);

        // Poll (with a deadline) until the limiter lets the next one through.
        while (!stream.RequestKeyFrame())
        {
            started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
            await Task.Delay(20);
        }

        started.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(400));
        calls.Should().Be(2);
        stream.KeyFrameRequestsForwarded.Should().Be(2);
    }

    [Fact]
    public void RequestKeyFrame_ClosedStream_IsNotForwarded()
    {
        var stream = new MediaStream(TestPaths.H264AndAac(), new PathClock(), 64, NullLogger.Instance);
        var calls = 0;
        stream.SetKeyFrameHandler(() => calls++);
        stream.Close();

        stream.RequestKeyFrame().Should().BeFalse();
        calls.Should().Be(0);
    }
}
