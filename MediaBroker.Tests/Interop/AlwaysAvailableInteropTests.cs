using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using MediaBroker.Tests.Streams.Offline;
using Xunit;

namespace MediaBroker.Tests.Interop;

/// <summary>
/// Always-available paths with real clients: ffmpeg readers connected before any publisher keep one connection while
/// publishers come and go, and get the offline picture between them; a publisher with other tracks is refused; a file
/// plays in a loop.
/// </summary>
public sealed class AlwaysAvailableInteropTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _dir = Directory.CreateTempSubdirectory("always-available").FullName;

    [RequiresFfmpegFact]
    public async Task RtspAndRtmpReaders_PublishersComeAndGo_SameConnectionsGetEveryPartInOrder()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + """
            api: yes
            paths:
              cam:
                alwaysAvailable: yes
                alwaysAvailableTracks:
                  - codec: H264
                  - codec: MPEG4Audio
                    sampleRate: 44100
                    channelCount: 2

            """);
        var rtsp = $"rtsp://127.0.0.1:{(await broker.ListenerAsync("RTSP")).Port}/cam";
        var rtmp = $"rtmp://127.0.0.1:{(await broker.ListenerAsync("RTMP")).Port}/cam";
        var api = $"http://{await broker.ListenerAsync("API")}/v3/paths/get/cam";

        var path = await PollAsync(api, p => p["ready"]!.GetValue<bool>());
        path["online"]!.GetValue<bool>().Should().BeFalse();
        path["source"].Should().BeNull();
        path["tracks"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("H264", "MPEG-4 Audio");

        // Readers connect before anyone publishes, and stay until the end.
        var rtspFile = Path.Combine(_dir, "rtsp.ts");
        // The RTMP copy goes to FLV: ffmpeg 5.1 copying to MPEG-TS keeps the first SPS and drops the new sequence header
        // (its h264_mp4toannexb ignores new extradata), while its FLV muxer writes the new header as received.
        var rtmpFile = Path.Combine(_dir, "rtmp.flv");
        await using var rtspReader = Copy(["-rtsp_transport", "tcp", "-i", rtsp], "mpegts", rtspFile);
        await using var rtmpReader = Copy(["-i", rtmp], "flv", rtmpFile);
        await PollAsync(api, p => p["readers"]!.AsArray().Count == 2);
        await GrowsAsync(rtspFile, rtmpFile);

        await using (var first = MediaTools.PublishH264Aac("rtsp", rtsp, 3, "-ac", "2", "-rtsp_transport", "tcp"))
        {
            path = await PollAsync(api, p => p["online"]!.GetValue<bool>());
            path["source"]!["type"]!.GetValue<string>().Should().Be("rtspSession");
            (await first.WaitForExitAsync(Timeout)).Should().Be(0, first.Output);
        }

        await PollAsync(api, p => !p["online"]!.GetValue<bool>() && p["ready"]!.GetValue<bool>() && p["source"] is null);
        await GrowsAsync(rtspFile, rtmpFile);

        // Other tracks than the declared ones: refused with both lists, readers undisturbed.
        await using (var h265 = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "warning", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "3",
            "-c:v", "libx265", "-x265-params", "log-level=error", "-f", "rtsp", "-rtsp_transport", "tcp", rtsp,
        ]))
        {
            await broker.Process.WaitForLineAsync(
                l => l.Contains("path cam is always available with tracks H264, MPEG-4 Audio; the publisher has H265", StringComparison.Ordinal), Timeout);
            await h265.WaitForExitAsync(Timeout);
        }

        await using (var second = MediaTools.PublishH264Aac("flv", rtmp, 3, "-ac", "2"))
        {
            path = await PollAsync(api, p => p["online"]!.GetValue<bool>());
            path["source"]!["type"]!.GetValue<string>().Should().Be("rtmpConn");
            (await second.WaitForExitAsync(Timeout)).Should().Be(0, second.Output);
        }

        await PollAsync(api, p => !p["online"]!.GetValue<bool>());
        await GrowsAsync(rtspFile, rtmpFile);
        (await PollAsync(api, p => true))["readers"]!.AsArray().Should().HaveCount(2, "readers stay connected across publishers");
        rtspReader.HasExited.Should().BeFalse(rtspReader.Output);
        rtmpReader.HasExited.Should().BeFalse(rtmpReader.Output);
        rtspReader.Signal(PosixSignal.SIGINT);
        rtmpReader.Signal(PosixSignal.SIGINT);
        await rtspReader.WaitForExitAsync(Timeout);
        await rtmpReader.WaitForExitAsync(Timeout);

        foreach (var (via, file) in new[] { ("RTSP", rtspFile), ("RTMP", rtmpFile) })
        {
            var frames = await VideoFramesAsync(file);

            // Offline picture, first publisher, offline, second publisher, offline: one connection, five parts.
            var parts = new List<string>();
            foreach (var f in frames)
            {
                if (parts.Count == 0 || parts[^1] != f.Size)
                {
                    parts.Add(f.Size);
                }
            }

            parts.Should().Equal(["640x360", "320x240", "640x360", "320x240", "640x360"], via);
            frames.Count(f => f.Size == "320x240").Should().BeGreaterThan(100, $"{via}: two publishers of 3 s at 25 fps");
            frames.Zip(frames.Skip(1), (a, b) => b.Dts - a.Dts).Should().OnlyContain(d => d > 0, $"{via}: decode times only increase");
            var audio = await AudioDtsAsync(file);
            audio.Should().HaveCountGreaterThan(200, via);
            audio.Zip(audio.Skip(1), (a, b) => b - a).Should().OnlyContain(d => d > 0, $"{via}: audio times only increase");
        }
    }

    [RequiresFfmpegFact]
    public async Task AlwaysAvailableFile_ReaderGetsTheFileInALoop()
    {
        var file = Path.Combine(_dir, "offline.mp4");
        await OfflineMediaTests.MakeClipAsync(file, "+faststart");
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            paths:
              cam:
                alwaysAvailable: yes
                alwaysAvailableFile: {file}

            """);
        var rtsp = $"rtsp://127.0.0.1:{(await broker.ListenerAsync("RTSP")).Port}/cam";

        var streams = await MediaTools.ProbeWhenReadyAsync(rtsp, Timeout, 4, "-rtsp_transport", "tcp");

        // The file holds 10 frames (1 s at 10 fps); four seconds of reading get about 40.
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 25, string.Join("; ", streams));
        streams.Should().Contain(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames > 100, string.Join("; ", streams));
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static ExternalProcess Copy(string[] input, string format, string file) => ExternalProcess.Start("/usr/bin/ffmpeg",
        ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. input, "-c", "copy", "-f", format, "-flush_packets", "1", file]);

    /// <summary>Waits until both files have grown by a few kilobytes (a couple of offline key frames and their audio).</summary>
    private static async Task GrowsAsync(params string[] files)
    {
        var start = files.Select(f => File.Exists(f) ? new FileInfo(f).Length : 0).ToArray();
        var deadline = DateTime.UtcNow + Timeout;
        while (files.Select((f, i) => File.Exists(f) && new FileInfo(f).Length - start[i] > 8_000).Any(grown => !grown))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the readers keep receiving");
            await Task.Delay(100);
        }
    }

    private async Task<JsonNode> PollAsync(string url, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var node = JsonNode.Parse(await _http.GetStringAsync(new Uri(url)))!;
            if (done(node))
            {
                return node;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"{url} never matched; last: {node.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    private static async Task<List<(string Size, long Dts)>> VideoFramesAsync(string file)
    {
        using var doc = await FfprobeAsync(file, "v:0", "frame=width,height,pkt_dts");
        return [.. doc.RootElement.GetProperty("frames").EnumerateArray()
            .Where(f => f.TryGetProperty("pkt_dts", out _))
            .Select(f => ($"{f.GetProperty("width").GetInt32()}x{f.GetProperty("height").GetInt32()}", f.GetProperty("pkt_dts").GetInt64()))];
    }

    private static async Task<List<long>> AudioDtsAsync(string file)
    {
        using var doc = await FfprobeAsync(file, "a:0", "packet=dts");
        return [.. doc.RootElement.GetProperty("packets").EnumerateArray()
            .Where(p => p.TryGetProperty("dts", out _)).Select(p => p.GetProperty("dts").GetInt64())];
    }

    private static async Task<JsonDocument> FfprobeAsync(string file, string stream, string entries)
    {
        await using var p = ExternalProcess.Start("/usr/bin/ffprobe",
            ["-v", "error", "-select_streams", stream, "-show_entries", entries, "-of", "json", file]);
        (await p.WaitForExitAsync(Timeout)).Should().Be(0, p.Output);
        return JsonDocument.Parse(p.Output[p.Output.IndexOf('{', StringComparison.Ordinal)..]);
    }
}
