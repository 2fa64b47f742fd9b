using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The latency scenario end to end against the real broker, 2 readers, a short window. Samples only; no timing assertions.</summary>
// One collection: both encode the shared /tmp clip on first use, which must not happen twice at once.
[Collection("BenchClip")]
public sealed class LatencySmokeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150);

    [Theory]
    [InlineData("rtsp-rtsp")]
    [InlineData("rtmp-rtmp")]
    [InlineData("rtsp-webrtc")]
    public async Task Latency_TwoReaders_CollectSamplesForEveryReader(string pair)
    {
        var options = new LatencyOptions { Pair = pair, Readers = [2], Seconds = 2, WarmupSeconds = 1, BrokerCpus = null };

        var results = await LatencyRunner.RunAsync(options, TextWriter.Null).WaitAsync(Timeout);

        var r = results.Should().ContainSingle().Subject;
        r.FirstError.Should().BeNull();
        r.ReadersWithoutSamples.Should().Be(0);
        r.FramesSent.Should().BeGreaterThan(30, "30 fps for 2 s");
        ((long)r.Samples).Should().BeGreaterThan(r.FramesSent, "both readers see most frames");
        r.P50Ms.Should().BeGreaterThan(0).And.BeLessOrEqualTo(r.MaxMs);
    }
}
