using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The record scenario against the real broker, so that the tool cannot silently rot. No timing assertions.</summary>
/// <remarks>With the other scenarios that start brokers and ffmpeg publishers of the bench clip, one at a time: run beside
/// them (the stalls, soak and cluster smoke tests) it once did not finish within its 4 minutes in CI.</remarks>
[Collection("BenchClip")]
public sealed class RecordSmokeTests
{
    [Fact]
    public async Task Record_TwoStreamsFewSeconds_WritesFilesAndFillsResult()
    {
        var result = await RecordRunner.RunAsync(new RecordOptions
        {
            Count = 2,
            Seconds = 5,
            Segment = "1s",
            Part = "200ms",
            RssEverySeconds = 1,
            BrokerCpus = null,
            PublisherCpus = null,
            BrokerDll = Path.Combine(AppContext.BaseDirectory, "mediabroker.dll"),
        }, TextWriter.Null).WaitAsync(TimeSpan.FromMinutes(4));

        result.Streams.Should().Be(2);
        result.FilesCreated.Should().BeGreaterOrEqualTo(2, "each recorded stream has at least its open segment");
        result.WrittenKibPerSec.Should().BePositive();
        result.OffCores.Should().BePositive();
        result.OnCores.Should().BePositive();
        result.RssSamplesMib.Should().HaveCountGreaterOrEqualTo(2).And.OnlyContain(m => m > 0);
        result.RssStartMib.Should().BePositive();
        result.RssMaxMib.Should().BeGreaterOrEqualTo(result.RssEndMib);
        result.ReadyAtEnd.Should().Be(2);
        result.SourceKbps.Should().BePositive();
    }

    [Fact]
    public void Config_RecordOptions_PutsRecordKeysInPathDefaults()
    {
        var config = RecordRunner.Config(new RecordOptions { Segment = "2s", Part = "1s", Format = "mpegts" }, "/tmp/rec");

        config.Should().Contain("pathDefaults:\n  record: no\n  recordPath: /tmp/rec/%path/");
        config.Should().Contain("  recordFormat: mpegts\n  recordSegmentDuration: 2s\n  recordPartDuration: 1s\n");
        config.Should().EndWith("paths:\n  all_others:\n");
    }
}
