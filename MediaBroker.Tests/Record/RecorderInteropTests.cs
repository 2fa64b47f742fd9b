using System.Globalization;
using FluentAssertions;
using MediaBroker.Formats.Fmp4;
using Xunit;

namespace MediaBroker.Tests.Record;

/// <summary>
/// The recorder inside the real executable, fed by ffmpeg over RTSP and RTMP, checked with ffprobe: every segment
/// decodes with the published codecs, durations and start times add up, hooks see the segment, a kill -9 leaves
/// decodable files, and an unwritable directory never disturbs live readers.
/// </summary>
public sealed class RecorderInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RequiresFfmpegFact]
    public Task Rtsp_Fmp4_RecordsWholeStream() => RecordsWholeStreamAsync("rtsp", "fmp4");

    [RequiresFfmpegFact]
    public Task Rtsp_MpegTs_RecordsWholeStream() => RecordsWholeStreamAsync("rtsp", "mpegts");

    [RequiresFfmpegFact]
    public Task Rtmp_Fmp4_RecordsWholeStream() => RecordsWholeStreamAsync("rtmp", "fmp4");

    [RequiresFfmpegFact]
    public Task Rtmp_MpegTs_RecordsWholeStream() => RecordsWholeStreamAsync("rtmp", "mpegts");

    [RequiresFfmpegFact]
    public async Task ShortSegmentDuration_SplitsAtKeyFrames_StartTimesFollowDurations()
    {
        var hookFile = Path.Combine(Path.GetTempPath(), "mb-rec-hook-" + Guid.NewGuid().ToString("N")[..8] + ".txt");
        try
        {
            var hook = $"""
                    runOnRecordSegmentCreate: sh -c 'echo "create|$MTX_PATH|$MTX_SEGMENT_PATH" >> {hookFile}'
                    runOnRecordSegmentComplete: sh -c 'echo "complete|$MTX_PATH|$MTX_SEGMENT_PATH|$MTX_SEGMENT_DURATION" >> {hookFile}'
                """;
            await using var broker = await BrokerProcess.StartAsync(RecordFiles.Yaml("fmp4", hook, segmentDuration: "1s", partDuration: "200ms"));
            var publisher = await PublishAsync(broker, "rtsp", "split", seconds: 5);
            await using (publisher)
            {
                await publisher.WaitForExitAsync(Timeout);
            }

            await broker.Process.WaitForLineAsync(l => l.Contains("[recorder split] stopped", StringComparison.Ordinal), Timeout);
            var files = RecordFiles.List(broker, "split", "fmp4");
            files.Count.Should().BeGreaterThanOrEqualTo(3, "5 s cut every 1 s at 1 s key frames");
            var durations = new List<double>();
            foreach (var (file, _) in files)
            {
                var probe = await RecordFiles.ProbeAsync(file);
                probe.Codecs.Should().BeEquivalentTo(["h264", "aac"], probe.Output);
                probe.StartTime.Should().BeLessThan(0.1, "each segment's timeline starts near 0");
                durations.Add(probe.Duration);
            }

            for (var i = 0; i + 1 < files.Count; i++)
            {
                var gap = (files[i + 1].Start - files[i].Start).TotalSeconds;
                gap.Should().BeApproximately(durations[i], 0.15, "segment {0} starts when segment {1} ends", i + 1, i);
            }

            // Both hooks ran once per file with its path, and the duration on completion (they run in the background).
            await RecordFiles.WaitUntilAsync(() => File.Exists(hookFile) && File.ReadAllLines(hookFile).Length >= 2 * files.Count, Timeout, "the hooks");
            var lines = File.ReadAllLines(hookFile).Select(l => l.Split('|')).ToList();
            lines.Should().OnlyContain(l => l[1] == "split");
            foreach (var (file, _) in files)
            {
                lines.Should().ContainSingle(l => l[0] == "create" && Path.GetFileName(l[2]) == Path.GetFileName(file));
                var line = lines.Single(l => l[0] == "complete" && Path.GetFileName(l[2]) == Path.GetFileName(file));
                var hookDuration = double.Parse(line[3], CultureInfo.InvariantCulture);
                hookDuration.Should().BeApproximately((await RecordFiles.ProbeAsync(file)).Duration, 0.05, "MTX_SEGMENT_DURATION of {0}", file);
            }
        }
        finally
        {
            File.Delete(hookFile);
        }
    }

    [RequiresFfmpegFact]
    public async Task ShortSegments_ContinuousPublish_PlaybackListsOneSpanWithoutOverlaps()
    {
        // One uninterrupted publish cut into 1 s segments is one recorded span for /list: consecutive segments
        // continue each other, none starts before the previous one ends.
        var yaml = RecordFiles.Yaml("fmp4", segmentDuration: "1s", partDuration: "200ms");
        yaml = yaml.Insert(yaml.IndexOf("paths:", StringComparison.Ordinal), "playback: yes\n");
        await using var broker = await BrokerProcess.StartAsync(yaml);
        var publisher = await PublishAsync(broker, "rtmp", "spans", seconds: 5);
        await using (publisher)
        {
            await publisher.WaitForExitAsync(Timeout);
        }

        await broker.Process.WaitForLineAsync(l => l.Contains("[recorder spans] stopped", StringComparison.Ordinal), Timeout);
        RecordFiles.List(broker, "spans", "fmp4").Count.Should().BeGreaterThanOrEqualTo(3, "5 s cut every 1 s at 1 s key frames");

        var playback = await broker.ListenerAsync("playback");
        using var http = new HttpClient { Timeout = Timeout };
        var body = await http.GetStringAsync($"http://127.0.0.1:{playback.Port}/list?path=spans");
        using var json = System.Text.Json.JsonDocument.Parse(body);
        var spans = json.RootElement.EnumerateArray()
            .Select(e => (Start: DateTime.Parse(e.GetProperty("start").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                Duration: e.GetProperty("duration").GetDouble()))
            .ToList();
        for (var i = 0; i + 1 < spans.Count; i++)
        {
            spans[i + 1].Start.Should().BeOnOrAfter(spans[i].Start.AddSeconds(spans[i].Duration), "span {0} of {1} overlaps the one before", i + 1, body);
        }

        spans.Should().ContainSingle(body).Which.Duration.Should().BeApproximately(5, 0.8, body);
    }

    [RequiresFfmpegFact]
    public async Task KilledBroker_LeavesEverySegmentDecodable()
    {
        await using var broker = await BrokerProcess.StartAsync(RecordFiles.Yaml("fmp4", segmentDuration: "2s", partDuration: "200ms"));
        await using var publisher = await PublishAsync(broker, "rtsp", "crash", seconds: 60);
        await RecordFiles.WaitUntilAsync(() => RecordFiles.List(broker, "crash", "fmp4").Count >= 2, Timeout, "a second segment");
        var open = RecordFiles.List(broker, "crash", "fmp4")[^1].File;
        await RecordFiles.WaitUntilAsync(() => new FileInfo(open).Length > 20_000, Timeout, "parts of the open segment");

        using (var p = System.Diagnostics.Process.GetProcessById(broker.Process.Id))
        {
            p.Kill(); // SIGKILL: no shutdown code runs.
        }

        await broker.Process.WaitForExitAsync(Timeout);
        var files = RecordFiles.List(broker, "crash", "fmp4");
        files.Should().HaveCountGreaterThanOrEqualTo(2);
        foreach (var (file, _) in files)
        {
            var probe = await RecordFiles.ProbeAsync(file);
            probe.Codecs.Should().Contain("h264", probe.Output);
            if (new FileInfo(file).Length > 4096)
            {
                // Anything past the init (a file may have been created just before the kill) holds whole frames.
                probe.Frames.Should().BeGreaterThan(0, file);
            }
        }
    }

    [RequiresFfmpegFact]
    public async Task UnwritableDirectory_IsLogged_ReadersUnaffected()
    {
        var yaml = BrokerProcess.LoopbackListeners + """
            paths:
              all_others:
                record: yes
                recordPath: ./blocked/%path/%Y-%m-%d_%H-%M-%S-%f
                recordSegmentDuration: 1s
                recordDeleteAfter: 0s
            """;
        await using var broker = await BrokerProcess.StartAsync(yaml);
        await File.WriteAllTextAsync(Path.Combine(broker.Directory, "blocked"), "a file where the directory should be");
        await using var publisher = await PublishAsync(broker, "rtsp", "cam", seconds: 60);
        await broker.Process.WaitForLineAsync(l => l.Contains("cannot write segment", StringComparison.Ordinal), Timeout);
        await broker.Process.WaitForLineAsync(l => l.Contains("cannot write segment", StringComparison.Ordinal), Timeout, skip: 1);

        var rtsp = await broker.ListenerAsync("RTSP");
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp.Port}/cam", Timeout, 2, "-rtsp_transport", "tcp");
        streams.Should().Contain(s => s.Codec == "h264" && s.Frames > 0);
        publisher.HasExited.Should().BeFalse("the publisher keeps going");
    }

    [RequiresFfmpegFact]
    public async Task RecordToggledByReload_StartsAndStopsWithoutTouchingThePublisher()
    {
        await using var broker = await BrokerProcess.StartAsync(RecordFiles.Yaml("fmp4").Replace("record: yes", "record: no", StringComparison.Ordinal));
        await using var publisher = await PublishAsync(broker, "rtsp", "cam", seconds: 60);
        await broker.Process.WaitForLineAsync(l => l.Contains("[path cam] stream is ready", StringComparison.Ordinal), Timeout);
        RecordFiles.List(broker, "cam", "fmp4").Should().BeEmpty();

        await broker.RewriteConfigAsync(RecordFiles.Yaml("fmp4"));
        await broker.Process.WaitForLineAsync(l => l.Contains("[recorder cam] recording", StringComparison.Ordinal), Timeout);
        await RecordFiles.WaitUntilAsync(() => RecordFiles.List(broker, "cam", "fmp4") is [var f] && new FileInfo(f.File).Length > 20_000, Timeout, "a segment");

        await broker.RewriteConfigAsync(RecordFiles.Yaml("fmp4").Replace("record: yes", "record: no", StringComparison.Ordinal));
        await broker.Process.WaitForLineAsync(l => l.Contains("[recorder cam] stopped: record is off", StringComparison.Ordinal), Timeout);
        var probe = await RecordFiles.ProbeAsync(RecordFiles.List(broker, "cam", "fmp4")[0].File);
        probe.Codecs.Should().BeEquivalentTo(["h264", "aac"], probe.Output);
        publisher.HasExited.Should().BeFalse("the publisher is not touched by a record change");
        broker.Process.Output.Should().NotContain("[path cam] stream is not ready");
        var rtsp = await broker.ListenerAsync("RTSP");
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp.Port}/cam", Timeout, 1, "-rtsp_transport", "tcp");
        streams.Should().Contain(s => s.Codec == "h264");
    }

    private static async Task RecordsWholeStreamAsync(string protocol, string format)
    {
        const int seconds = 4;
        await using var broker = await BrokerProcess.StartAsync(RecordFiles.Yaml(format));
        var publisher = await PublishAsync(broker, protocol, "cam", seconds);
        await using (publisher)
        {
            await publisher.WaitForExitAsync(Timeout);
        }

        await broker.Process.WaitForLineAsync(l => l.Contains("[recorder cam] stopped", StringComparison.Ordinal), Timeout);
        var files = RecordFiles.List(broker, "cam", format);
        files.Should().ContainSingle("one segment of 1h holds the whole stream");
        var probe = await RecordFiles.ProbeAsync(files[0].File);
        probe.Codecs.Should().BeEquivalentTo(["h264", "aac"], probe.Output);
        probe.Frames.Should().BeGreaterThan(seconds * 25);
        probe.Duration.Should().BeApproximately(seconds, 0.5, "within one part (500ms) of what was published");
        (files[0].Start - DateTime.UtcNow).Duration().Should().BeLessThan(TimeSpan.FromMinutes(1), "the name carries the wall-clock start");
        if (format == "fmp4")
        {
            Fmp4StartTimeBox.TryRead(await File.ReadAllBytesAsync(files[0].File), out var boxStart).Should().BeTrue("the init holds an mbst box");
            boxStart.Should().Be(files[0].Start, "the init and the name carry the same microsecond");
        }
    }

    private static async Task<ExternalProcess> PublishAsync(BrokerProcess broker, string protocol, string path, int seconds)
    {
        var ep = await broker.ListenerAsync(protocol == "rtsp" ? "RTSP" : "RTMP");
        return protocol == "rtsp"
            ? MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{ep.Port}/{path}", seconds, "-rtsp_transport", "tcp")
            : MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{ep.Port}/{path}", seconds);
    }
}
