using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The footprint scenario against the real broker, so that the tool cannot silently rot. No memory thresholds.</summary>
public sealed class FootprintSmokeTests
{
    [RequiresFfmpegFact]
    public async Task Footprint_IdleStreamAndReaders_FillsEveryPhase()
    {
        var results = await FootprintRunner.RunAsync(new FootprintOptions
        {
            Protos = ["rtmp", "srt"],
            Readers = 3,
            SettleSeconds = 2,
            RampPerSecond = 20,
            MoreReaders = 2,
            // The SRT readers declare a small flow window: still room for the cached group of pictures sent at once.
            SrtWindow = 1024,
            BrokerCpus = null,
            PublisherCpus = null,
            BrokerDll = Path.Combine(AppContext.BaseDirectory, "mediabroker.dll"),
            GcHeap = true,
        }, TextWriter.Null).WaitAsync(TimeSpan.FromMinutes(4));

        // Per protocol: N readers, then N + more on the same broker (the marginal figure).
        results.Select(r => r.Readers).Should().Equal(0, 1, 3, 5, 3, 5);
        results.Select(r => r.MarginalFrom).Should().Equal(null, null, null, 3, null, 3);
        results.Should().OnlyContain(r => r.Failed == 0 && r.Threads > 0 && r.FileMib > 0 && r.AnonMib > 0);
        // VmRSS is the sum of the three kinds; each is a median of its own, so allow a little.
        results.Should().OnlyContain(r => Math.Abs(r.AnonMib + r.FileMib + r.ShmemMib - r.RssMib) < 0.1 * r.RssMib);
        results.Should().OnlyContain(r => r.GcHeapMib > 0 && r.GcCommittedMib > 0);
        results.Take(2).Should().OnlyContain(r => r.RssKibPerReader == null);
        results.Skip(2).Should().OnlyContain(r => r.RssKibPerReader != null && r.AnonKibPerReader != null);
        Report.Markdown(results).Should().Contain("| srt: publisher + 3 readers | 3 |")
            .And.Contain("| srt: publisher + 5 readers (per reader: beyond 3) | 5 |");
    }
}
