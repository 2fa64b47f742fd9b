using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Tests.Servers.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Servers.WebRtc;

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

    [GeneratedRegex(@"listener opened on (\S+) \(HTTP\)")]
    private static partial Regex HttpEndPoint();
}
