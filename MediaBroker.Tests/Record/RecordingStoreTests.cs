using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Record;
using Xunit;

namespace MediaBroker.Tests.Record;

public sealed class RecordingStoreTests(RecordingFixture fx) : IClassFixture<RecordingFixture>
{
    [RequiresFfmpegFact]
    public async Task TryListSegments_FfmpegSegments_StartsFromNamesAndDurationsMatchFfprobe()
    {
        var store = new RecordingStore(() => fx.Conf());

        store.TryListSegments("cam", out var segments).Should().Be(RecordLookup.Ok);

        segments.Select(s => s.Start).Should().Equal(fx.Starts);
        var probed = JsonDocument.Parse(await RecordingFixture.ProbeAsync(fx.Sample, "-show_entries", "format=duration"));
        var expected = double.Parse(probed.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        foreach (var s in segments)
        {
            s.Duration.TotalSeconds.Should().BeApproximately(expected, 0.04, "within a frame of ffprobe's duration");
            s.File.Should().StartWith(fx.Directory);
        }
    }

    [RequiresFfmpegFact]
    public void TryListSegments_TruncatedLastPart_CountsOnlyCompleteParts()
    {
        var dir = Path.Combine(fx.Directory, "truncated");
        var conf = new BrokerConf { Paths = [new PathConf { Name = "t", RecordPath = Path.Combine(dir, "%path", "%Y-%m-%d_%H-%M-%S-%f") }] };
        var template = new RecordPathTemplate(conf.Paths[0].RecordPath, "fmp4");
        var file = template.Format("t", RecordingFixture.T0);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var bytes = File.ReadAllBytes(fx.Sample);
        File.WriteAllBytes(file, bytes.AsSpan(0, bytes.Length - 1000).ToArray());
        var store = new RecordingStore(() => conf);

        store.TryListSegments("t", out var segments).Should().Be(RecordLookup.Ok);

        segments.Should().ContainSingle().Which.Duration.TotalSeconds.Should().BeInRange(1.9, 2.1, "the last of three 1 s parts is cut");
        RecordSegmentReader.Read(file).CompleteLength.Should().BeLessThan(bytes.Length - 1000);
    }

    [RequiresFfmpegFact]
    public void TryListSegments_ThousandsOfSegments_FastAndEachFileReadOnce()
    {
        var dir = Path.Combine(fx.Directory, "many");
        var conf = new BrokerConf { Paths = [new PathConf { Name = "all_others", RecordPath = Path.Combine(dir, "%path", "%Y-%m-%d_%H-%M-%S-%f") }] };
        var template = new RecordPathTemplate(conf.Paths[0].RecordPath, "fmp4");
        Directory.CreateDirectory(Path.Combine(dir, "big"));
        for (var i = 0; i < 3000; i++)
        {
            File.Copy(fx.Sample, template.Format("big", RecordingFixture.T0.AddSeconds(3 * i)));
        }

        var store = new RecordingStore(() => conf);
        var sw = Stopwatch.StartNew();
        store.TryListSegments("big", out var first).Should().Be(RecordLookup.Ok);
        var cold = sw.Elapsed;
        sw.Restart();
        store.TryListSegments("big", out var second).Should().Be(RecordLookup.Ok);
        var warm = sw.Elapsed;

        first.Should().HaveCount(3000);
        second.Should().HaveCount(3000);
        store.FilesRead.Should().Be(3000, "the second listing is answered from the cache");
        cold.Should().BeLessThan(TimeSpan.FromSeconds(5));
        warm.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("..")]
    [InlineData("/etc")]
    [InlineData("cam/../../x")]
    [InlineData("cam\\..\\x")]
    [InlineData("cam\0")]
    [InlineData("")]
    public void TryListSegments_TraversalNames_InvalidWithoutTouchingFiles(string name)
    {
        var store = new RecordingStore(() => fx.Conf());

        store.TryListSegments(name, out var segments).Should().Be(RecordLookup.InvalidPath);
        store.DeleteSegment(name, RecordingFixture.T0).Should().Be(RecordLookup.InvalidPath);
        segments.Should().BeEmpty();
        store.FilesRead.Should().Be(0);
    }

    [RequiresFfmpegFact]
    public void PathsWithRecordings_AndDeleteSegment_RoundTrip()
    {
        var dir = Path.Combine(fx.Directory, "del");
        var conf = new BrokerConf { Paths = [new PathConf { Name = "~^live/", RecordPath = Path.Combine(dir, "%path", "%Y-%m-%d_%H-%M-%S-%f") }] };
        var template = new RecordPathTemplate(conf.Paths[0].RecordPath, "fmp4");
        foreach (var name in new[] { "live/a", "live/b" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(template.Format(name, RecordingFixture.T0))!);
            File.Copy(fx.Sample, template.Format(name, RecordingFixture.T0));
            File.Copy(fx.Sample, template.Format(name, RecordingFixture.T0.AddSeconds(3)));
        }

        var store = new RecordingStore(() => conf);
        store.PathsWithRecordings().Should().Equal("live/a", "live/b");

        store.DeleteSegment("live/a", RecordingFixture.T0).Should().Be(RecordLookup.Ok);
        store.DeleteSegment("live/a", RecordingFixture.T0).Should().Be(RecordLookup.NotFound);
        store.TryListSegments("live/a", out var left).Should().Be(RecordLookup.Ok);
        left.Select(s => s.Start).Should().Equal(RecordingFixture.T0.AddSeconds(3));
        store.TryListSegments("other", out _).Should().Be(RecordLookup.NoConf);
    }
}
