using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.WebRtc;

/// <summary>The real executable: Chromium publishes its fake camera over WHIP, ffprobe reads it back over RTSP.</summary>
public sealed partial class WebRtcBrokerProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [ChromiumFact]
    public async Task Broker_PublishPageOverWhip_FfprobeReadsH264AndOpusOverRtsp()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var rtsp = await broker.ListenerAsync("RTSP");
        var line = await broker.Process.WaitForLineAsync(l => l.Contains("(ICE/UDP)", StringComparison.Ordinal), BrokerProcess.StartTimeout);
        var http = HttpEndPoint().Match(line).Groups[1].Value;

        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        await using var browser = ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "webrtc-browser.js"), "publish", $"http://{http}/cam/publish?autostart=true&video-codec=H264&audio-codec=opus", "-", "55000"],
            BrowserTools.ToolsDirectory);
        await broker.Process.WaitForLineAsync(l => l.Contains("[path cam] stream is ready", StringComparison.Ordinal), s_timeout);

        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp.Port}/cam", s_timeout, 3, "-rtsp_transport", "tcp");
        output.WriteLine(string.Join("\n", streams));

        var video = streams.Single(s => s.Type == "video");
        video.Codec.Should().Be("h264");
        video.Width.Should().BeGreaterThan(0);
        video.Frames.Should().BeGreaterThan(10, "ffprobe decoded the camera's frames");
        var audio = streams.Single(s => s.Type == "audio");
        audio.Codec.Should().Be("opus");
        audio.Frames.Should().BeGreaterThan(10);
    }

    [ChromiumFact]
    public async Task Broker_FfmpegRtspH264AndOpus_ReaderPageDecodesVideoFrames()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var rtsp = await broker.ListenerAsync("RTSP");
        var line = await broker.Process.WaitForLineAsync(l => l.Contains("(ICE/UDP)", StringComparison.Ordinal), BrokerProcess.StartTimeout);
        var http = HttpEndPoint().Match(line).Groups[1].Value;

        // Baseline without B-frames: what browsers' WebRTC H264 decoders accept; Opus is the only WebRTC audio ffmpeg makes at 48 kHz stereo.
        await using var publisher = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "warning", "-re",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "60", "-c:v", "libx264", "-profile:v", "baseline", "-bf", "0", "-preset", "ultrafast", "-tune", "zerolatency",
            "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "libopus", "-ar", "48000", "-ac", "2",
            "-f", "rtsp", "-rtsp_transport", "tcp", $"rtsp://127.0.0.1:{rtsp.Port}/cam",
        ]);
        await broker.Process.WaitForLineAsync(l => l.Contains("[path cam] stream is ready", StringComparison.Ordinal), s_timeout);

        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        await using var browser = ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "webrtc-browser.js"), "read", $"http://{http}/cam", "30", "55000"],
            BrowserTools.ToolsDirectory);
        var exit = await browser.WaitForExitAsync(s_timeout);
        output.WriteLine(browser.Output);

        exit.Should().Be(0, browser.Output + publisher.Output);
        var result = LastJson(browser.Output);
        result.GetProperty("frames").GetInt32().Should().BeGreaterThanOrEqualTo(30, "Chromium decoded the published frames");
        result.GetProperty("width").GetInt32().Should().Be(320);
        result.GetProperty("height").GetInt32().Should().Be(240);
        result.GetProperty("time").GetDouble().Should().BeGreaterThan(0, "the <video> element advances");
        result.GetProperty("audio").GetInt32().Should().Be(1, "the Opus track reaches the page");
    }

    private static JsonElement LastJson(string output) =>
        JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'))).RootElement;

    [GeneratedRegex(@"listener opened on (\S+) \(HTTP\)")]
    private static partial Regex HttpEndPoint();
}
