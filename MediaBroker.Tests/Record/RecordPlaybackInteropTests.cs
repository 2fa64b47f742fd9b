using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Record;

/// <summary>
/// What a user does: record a camera with short segments, then ask the playback server for the time span and the
/// media across the segment boundaries, as the recorder wrote them (not fixtures), and decode it with ffprobe.
/// </summary>
public sealed class RecordPlaybackInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RequiresFfmpegFact]
    public async Task RecordedSegments_ListedAsOneSpan_GetAcrossThemDecodesContinuously()
    {
        await using var broker = await BrokerProcess.StartAsync("playback: yes\n" + RecordFiles.Yaml("fmp4", segmentDuration: "1s", partDuration: "200ms"));
        var rtmp = await broker.ListenerAsync("RTMP");
        var playback = await broker.ListenerAsync("playback");
        await using (var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp.Port}/e2e", 5))
        {
            await publisher.WaitForExitAsync(Timeout);
        }

        await broker.Process.WaitForLineAsync(l => l.Contains("[recorder e2e] stopped", StringComparison.Ordinal), Timeout);
        RecordFiles.List(broker, "e2e", "fmp4").Count.Should().BeGreaterThanOrEqualTo(3, "5 s cut every 1 s");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{playback.Port}") };
        var spans = await http.GetFromJsonAsync<JsonElement>("/list?path=e2e");
        spans.GetArrayLength().Should().Be(1, "consecutive segments of one publication merge into one span: {0}", spans);
        var start = spans[0].GetProperty("start").GetString()!;
        var duration = spans[0].GetProperty("duration").GetDouble();
        duration.Should().BeInRange(4.0, 6.0, "about what was published");

        var file = Path.Combine(broker.Directory, "get.mp4");
        var url = $"/get?path=e2e&start={Uri.EscapeDataString(start)}&duration={duration.ToString(CultureInfo.InvariantCulture)}";
        using (var response = await http.GetAsync(url))
        {
            response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
            await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        }

        using var probe = JsonDocument.Parse(await RecordingFixture.ProbeAsync(file, "-show_packets", "-show_entries",
            "packet=stream_index,dts_time:format=duration:stream=codec_name"));
        var codecs = probe.RootElement.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("codec_name").GetString()).ToList();
        codecs.Should().BeEquivalentTo(["h264", "aac"]);
        double.Parse(probe.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture)
            .Should().BeApproximately(duration, 0.5, "the whole span, across every segment");
        var video = probe.RootElement.GetProperty("packets").EnumerateArray()
            .Where(p => p.GetProperty("stream_index").GetInt32() == 0)
            .Select(p => double.Parse(p.GetProperty("dts_time").GetString()!, CultureInfo.InvariantCulture))
            .ToList();
        video.Count.Should().BeGreaterThan(100, "25 fps for about 5 s");
        for (var i = 1; i < video.Count; i++)
        {
            (video[i] - video[i - 1]).Should().BeInRange(0.001, 0.1, "video DTS moves forward by about a frame at packet {0}, across segment joins", i);
        }
    }
}
