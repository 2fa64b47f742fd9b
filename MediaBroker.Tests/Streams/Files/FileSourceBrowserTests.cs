using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Streams.Files;

/// <summary>A looped file path read by Chromium over WebRTC (WHEP reader page), past the end of the file.</summary>
public sealed partial class FileSourceBrowserTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("file-webrtc").FullName;

    [ChromiumFact]
    public async Task LoopedFile_ReaderPage_DecodesMoreFramesThanTheFileHolds()
    {
        // Baseline H264 without B-frames and Opus: what a browser's WebRTC stack decodes, in an MP4 of 3 s (75 frames).
        var clip = Path.Combine(_dir, "clip.mp4");
        await using (var ffmpeg = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "3", "-c:v", "libx264", "-profile:v", "baseline", "-bf", "0", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p",
            "-c:a", "libopus", "-ar", "48000", "-ac", "2", clip,
        ]))
        {
            (await ffmpeg.WaitForExitAsync(s_timeout)).Should().Be(0, ffmpeg.Output);
        }

        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            paths:
              clip:
                source: file://{clip}?loop=yes
                sourceOnDemand: yes

            """);
        var line = await broker.Process.WaitForLineAsync(l => l.Contains("(ICE/UDP)", StringComparison.Ordinal), BrokerProcess.StartTimeout);
        var http = HttpEndPoint().Match(line).Groups[1].Value;

        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        await using var browser = ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "webrtc-browser.js"), "read", $"http://{http}/clip", "110", "55000"],
            BrowserTools.ToolsDirectory);
        var exit = await browser.WaitForExitAsync(s_timeout);
        output.WriteLine(browser.Output);

        exit.Should().Be(0, browser.Output);
        var result = JsonDocument.Parse(browser.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'))).RootElement;
        result.GetProperty("frames").GetInt32().Should().BeGreaterThanOrEqualTo(110, "the 75-frame file loops");
        result.GetProperty("width").GetInt32().Should().Be(320);
        result.GetProperty("height").GetInt32().Should().Be(240);
        result.GetProperty("audio").GetInt32().Should().Be(1, "the Opus track reaches the page");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"listener opened on (\S+) \(HTTP\)")]
    private static partial Regex HttpEndPoint();
}
