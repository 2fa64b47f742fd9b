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

    private const string Yaml = """
        api: yes
        authInternalUsers:
        - user: admin
          pass: secret
          permissions:
          - action: api
        - user: any
          pass:
          permissions:
          - action: publish
          - action: read
        paths:
          cam:
          all_others:
        """;

    [FirefoxFact]
    public async Task Dashboard_InFirefox_SignInPathPreviewEdit()
    {
        BrowserTools.MissingFirefox().Should().BeNull("CI must install Firefox ESR, node and tests-tools (npm ci)");
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + Yaml);
        var api = new Uri($"http://{await broker.ListenerAsync("API")}/");
        var rtsp = await broker.ListenerAsync("RTSP");
        var webrtc = await broker.ListenerAsync("WebRTC");
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:secret")));

        // Disposing the node process kills its whole tree, Firefox included, should the script not close it itself.
        await using var browser = ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "dashboard-firefox.js"), api.ToString().TrimEnd('/'), "admin", "secret", "cam",
                ((int)s_timeout.TotalMilliseconds - 15000).ToString(CultureInfo.InvariantCulture)],
            BrowserTools.ToolsDirectory);
        ExternalProcess? publisher = null;
        try
        {
            await browser.WaitForLineAsync(l => l.Contains("\"waiting-for-path\"", StringComparison.Ordinal), s_timeout);
            publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://{rtsp}/cam", 120, "-rtsp_transport", "tcp");

            var done = await browser.WaitForLineAsync(l => l.Contains("\"step\":\"done\"", StringComparison.Ordinal), s_timeout);
            output.WriteLine(browser.Output);
            var result = JsonDocument.Parse(done).RootElement;
            result.GetProperty("ok").GetBoolean().Should().BeTrue(browser.Output);
            result.GetProperty("browser").GetString().Should().StartWith("firefox", "the script drove Firefox, not another browser");
            result.GetProperty("pathAppeared").GetBoolean().Should().BeTrue();
            result.GetProperty("previewSrc").GetString().Should().Be($"http://127.0.0.1:{webrtc.Port}/cam.html", "the preview is the embeddable player");
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
