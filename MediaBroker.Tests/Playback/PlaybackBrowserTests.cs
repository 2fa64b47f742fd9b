using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using MediaBroker.Tests.Record;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Playback;

/// <summary>
/// Headless Chromium (Debian's) opens a /get?format=mp4 URL directly: its media document's &lt;video&gt; must play the
/// progressive MP4 (two segments joined) and its currentTime advance. Driven by tests-tools/hls-browser.js.
/// </summary>
public sealed class PlaybackBrowserTests(RecordingFixture fx, ITestOutputHelper output) : IClassFixture<RecordingFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [ChromiumFact]
    public async Task GetMp4_InChromium_VideoPlaysAndTimeAdvances()
    {
        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        await using var host = await PlaybackTestHost.StartAsync(fx.Conf());
        var url = new Uri(host.BaseAddress, "/get?path=cam&start=2026-11-30T10:00:00Z&duration=6&format=mp4&user=viewer&pass=pw").ToString();
        output.WriteLine(url);

        await using var browser = ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "hls-browser.js"), url, "3.5", "50",
                ((int)s_timeout.TotalMilliseconds - 5000).ToString(CultureInfo.InvariantCulture)],
            BrowserTools.ToolsDirectory);
        var exit = await browser.WaitForExitAsync(s_timeout);

        output.WriteLine(browser.Output);
        exit.Should().Be(0, browser.Output);
        var line = browser.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        var result = JsonDocument.Parse(line).RootElement;
        result.GetProperty("time").GetDouble().Should().BeGreaterThanOrEqualTo(3.5, "playback went past the segment boundary at 3 s");
        result.GetProperty("width").GetInt32().Should().Be(320);
        result.GetProperty("height").GetInt32().Should().Be(240);
    }
}
