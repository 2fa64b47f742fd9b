using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Protocols.Hls;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.Hls;

/// <summary>
/// Headless Chromium (Debian's) opens the player page (vendored hls.js) and plays the fixture's H264 + AAC stream,
/// driven by tests-tools/hls-browser.js (playwright-core). Everything stays on 127.0.0.1.
/// </summary>
public sealed class HlsBrowserTests(HlsServerFixture fx, ITestOutputHelper output) : IClassFixture<HlsServerFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [ChromiumFact]
    public async Task PlayerPage_LowLatency_ChromiumPlaysPastOneSecond()
    {
        var url = fx.Url(HlsVariant.LowLatency, "cam/").ToString();
        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        output.WriteLine(url);
        await using var browser = ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "hls-browser.js"), url, "1.5", "25",
                ((int)s_timeout.TotalMilliseconds - 5000).ToString(CultureInfo.InvariantCulture)],
            BrowserTools.ToolsDirectory);
        var exit = await browser.WaitForExitAsync(s_timeout);

        output.WriteLine(browser.Output);
        exit.Should().Be(0, browser.Output);
        var line = browser.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        var result = JsonDocument.Parse(line).RootElement;
        result.GetProperty("time").GetDouble().Should().BeGreaterThanOrEqualTo(1.5);
        result.GetProperty("frames").GetInt32().Should().BeGreaterThanOrEqualTo(25);
        result.GetProperty("width").GetInt32().Should().Be(160);
        result.GetProperty("height").GetInt32().Should().Be(120);
    }
}
