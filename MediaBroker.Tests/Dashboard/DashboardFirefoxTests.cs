using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Dashboard;

/// <summary>
/// Headless Firefox ESR (Debian's) runs the dashboard against the real broker, driven by tests-tools/dashboard-firefox.js
/// (puppeteer-core over WebDriver BiDi): signs in through the form, sees the path appear when ffmpeg publishes, opens
/// the path page and watches its preview play, and edits a path key (an invalid value first). The API confirms the edit.
/// The preview plays over HLS: Debian's Firefox offers no H.264 over WebRTC without Cisco's OpenH264 plugin (a run-time
/// download), and in CI's loopback-only namespace (no default route) it gathers no ICE candidates, so the player falls
/// back from WebRTC to HLS, as it would for such a visitor.
/// </summary>
public sealed class DashboardFirefoxTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [FirefoxFact]
    public async Task Dashboard_InFirefox_SignInPathPreviewEdit()
    {
        BrowserTools.MissingFirefox().Should().BeNull("CI must install Firefox ESR, node and tests-tools (npm ci)");
        await using var run = await DashboardBrowserRun.StartAsync("dashboard-firefox.js", [], s_timeout, TimeSpan.FromSeconds(15));
        var (api, http, browser) = (run.Api, run.Http, run.Browser);
        ExternalProcess? publisher = null;
        try
        {
            await browser.WaitForLineAsync(l => l.Contains("\"waiting-for-path\"", StringComparison.Ordinal), s_timeout);
            publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://{run.Rtsp}/cam", 120, "-rtsp_transport", "tcp");

            var done = await browser.WaitForLineAsync(l => l.Contains("\"step\":\"done\"", StringComparison.Ordinal), s_timeout);
            output.WriteLine(browser.Output);
            var result = JsonDocument.Parse(done).RootElement;
            result.GetProperty("ok").GetBoolean().Should().BeTrue(browser.Output);
            result.GetProperty("browser").GetString().Should().StartWith("firefox", "the script drove Firefox, not another browser");
            result.GetProperty("pathAppeared").GetBoolean().Should().BeTrue();
            result.GetProperty("previewSrc").GetString().Should().Be(run.PlayerUrl, "the preview is the embeddable player");
            result.GetProperty("previewTime").GetDouble().Should().BeGreaterThanOrEqualTo(1.5, "the preview's video plays");
            result.GetProperty("previewFrames").GetInt32().Should().BeGreaterThanOrEqualTo(25, "the preview decodes frames");
            var preview = result.GetProperty("preview");
            preview.GetProperty("tech").GetString().Should().Be("hls", "WebRTC cannot carry H.264 to this Firefox, so the player falls back to HLS");
            (preview.GetProperty("width").GetInt32(), preview.GetProperty("height").GetInt32()).Should().Be((320, 240));

            // The invalid value was named next to its field; the valid one is in force.
            result.GetProperty("fieldError").GetString().Should().Contain("maxReaders").And.Contain("negative");
            var conf = JsonDocument.Parse(await http.GetStringAsync(new Uri(api, "/v3/config/paths/get/cam"))).RootElement;
            conf.GetProperty("maxReaders").GetInt32().Should().Be(7);
        }
        finally
        {
            if (publisher is not null)
            {
                await publisher.DisposeAsync();
            }
        }
    }
}
