using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Tests.Conf;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Dashboard;

/// <summary>
/// Headless Chromium (Debian's) runs the dashboard against the real broker, driven by tests-tools/dashboard-browser.js:
/// signs in through the form, sees the path appear when ffmpeg publishes, watches the preview play, kicks an ffmpeg
/// reader, edits a path key (an invalid value first), and sees a new log line arrive. The API confirms each effect.
/// The run writes the screenshots of docs/images/dashboard-*.png.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(240);

    [ChromiumFact]
    public async Task Dashboard_InChromium_SignInPathPreviewKickEditLogs()
    {
        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        var shots = Path.Combine(ConfTestUtil.RepoRoot(), "docs", "images");
        Directory.CreateDirectory(shots);
        await using var run = await DashboardBrowserRun.StartAsync("dashboard-browser.js", [shots], s_timeout, TimeSpan.FromSeconds(20));
        var (api, http, browser) = (run.Api, run.Http, run.Browser);
        ExternalProcess? publisher = null;
        ExternalProcess? reader = null;
        try
        {
            await browser.WaitForLineAsync(l => l.Contains("\"waiting-for-path\"", StringComparison.Ordinal), s_timeout);
            publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://{run.Rtsp}/cam", 240, "-rtsp_transport", "tcp");
            await WaitReadyAsync(http, api);

            await browser.WaitForLineAsync(l => l.Contains("\"waiting-for-reader\"", StringComparison.Ordinal), s_timeout);
            reader = ExternalProcess.Start("/usr/bin/ffmpeg",
                ["-nostdin", "-hide_banner", "-loglevel", "warning", "-rtsp_transport", "tcp", "-i", $"rtsp://{run.Rtsp}/cam", "-c", "copy", "-f", "null", "-"]);

            var done = await browser.WaitForLineAsync(l => l.Contains("\"step\":\"done\"", StringComparison.Ordinal), s_timeout);
            output.WriteLine(browser.Output);
            var result = JsonDocument.Parse(done).RootElement;
            result.GetProperty("ok").GetBoolean().Should().BeTrue(browser.Output);
            result.GetProperty("previewSrc").GetString().Should().Be(run.PlayerUrl, "the preview is the embeddable player");
            result.GetProperty("previewTime").GetDouble().Should().BeGreaterThanOrEqualTo(1.5, "the preview's video plays");
            var preview = result.GetProperty("preview");
            preview.GetProperty("tech").GetString().Should().Be("webrtc", "the player tries WebRTC first, and loopback candidates work");
            (preview.GetProperty("width").GetInt32(), preview.GetProperty("height").GetInt32()).Should().Be((320, 240));

            // The kicked reader is gone from the API, and its ffmpeg ended.
            var id = result.GetProperty("kickedId").GetString()!;
            var resource = result.GetProperty("kickedResource").GetString()!;
            resource.Should().Be("rtspsessions");
            (await http.GetAsync(new Uri(api, $"/v3/{resource}/get/{id}"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
            await reader.WaitForExitAsync(TimeSpan.FromSeconds(60));

            // The invalid value was named next to its field; the valid one is in force.
            result.GetProperty("fieldError").GetString().Should().Contain("maxReaders").And.Contain("negative");
            var conf = JsonDocument.Parse(await http.GetStringAsync(new Uri(api, "/v3/config/paths/get/cam"))).RootElement;
            conf.GetProperty("maxReaders").GetInt32().Should().Be(7);

            result.GetProperty("logLine").GetString().Should().Contain("sign-in refused for 'intruder");
            foreach (var page in new[] { "login", "overview", "paths", "path", "config", "config-error", "logs" })
            {
                new FileInfo(Path.Combine(shots, $"dashboard-{page}.png")).Length.Should().BeGreaterThan(5000, page);
            }
        }
        finally
        {
            if (reader is not null)
            {
                await reader.DisposeAsync();
            }

            if (publisher is not null)
            {
                await publisher.DisposeAsync();
            }
        }
    }

    private static async Task WaitReadyAsync(HttpClient http, Uri api)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (true)
        {
            var res = await http.GetAsync(new Uri(api, "/v3/paths/get/cam"));
            if (res.IsSuccessStatusCode && JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("ready").GetBoolean())
            {
                return;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "ffmpeg's stream should make the path ready");
            await Task.Delay(300);
        }
    }
}
