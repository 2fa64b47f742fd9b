using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The ingest allocations scenario end to end against the real broker, a short window. Counts only; no thresholds.</summary>
// One collection: the scenarios encode the shared /tmp clip on first use, which must not happen twice at once.
[Collection("BenchClip")]
public sealed class IngestAllocSmokeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task IngestAlloc_RtmpAndRtsp_CountFramesAndAllocatedBytes()
    {
        var options = new IngestAllocOptions { Seconds = 2, WarmupSeconds = 1, BrokerCpus = null };

        var results = await IngestAllocRunner.RunAsync(options, TextWriter.Null).WaitAsync(Timeout);

        results.Select(r => r.Proto).Should().Equal("rtmp", "rtsp");
        foreach (var r in results)
        {
            r.FirstError.Should().BeNull();
            r.Frames.Should().BeGreaterThan(30, "30 fps for 2 s");
            r.AllocatedBytes.Should().BeGreaterThan(0, "the broker allocates while it relays ({0})", r.Proto);
            r.ReaderMessages.Should().BeGreaterThan(0, "the reader received media in the window ({0})", r.Proto);
            r.ReaderBytes.Should().BeGreaterThan(r.ReaderMessages * 12);
        }
    }
}
