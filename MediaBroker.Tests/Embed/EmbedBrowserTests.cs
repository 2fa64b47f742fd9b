using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Embed;

/// <summary>
/// Headless Chromium (Debian's) runs the embeddable player against the real executable, driven by
/// tests-tools/embed-browser.js (playwright-core): the <c>/&lt;path&gt;.html</c> page plays over WebRTC, the
/// <c>&lt;script src=".../player.js" data-path&gt;</c> embed works from another origin, with <c>webrtc: no</c> the player
/// falls back to LL-HLS, and it shows "offline" when ffmpeg stops and plays again when ffmpeg comes back. "Plays" means
/// the video element's currentTime advanced 1.5 s with 25 frames decoded at 320x240.
/// </summary>
public sealed class EmbedBrowserTests(EmbedBrowserFixture fx, ITestOutputHelper output) : IClassFixture<EmbedBrowserFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [ChromiumFact]
    public async Task Page_PlaysOverWebRtc()
    {
        var result = await RunAsync($"http://127.0.0.1:{fx.WebRtc}/cam.html", "play", "PLAYING");
        AssertPlaying(result["PLAYING"], "webrtc");
    }

    [ChromiumFact]
    public async Task ScriptEmbed_FromAnotherOrigin_Plays()
    {
        var result = await RunAsync($"http://127.0.0.1:{fx.Hls}/player.js", "play", "PLAYING", "cam");
        AssertPlaying(result["PLAYING"], "webrtc");
    }

    [ChromiumFact]
    public async Task MistServerEmbedScript_FromAnotherOrigin_Plays()
    {
        var result = await RunAsync($"http://127.0.0.1:{fx.WebRtc}/embed_cam.js", "play", "PLAYING", "-");
        AssertPlaying(result["PLAYING"], "webrtc");
    }

    [ChromiumFact]
    public async Task Page_WhenWhepFails_FallsBackToHls()
    {
        // WHEP is listed in the info, but the browser's requests to it fail (a network that blocks WebRTC).
        var result = await RunAsync($"http://127.0.0.1:{fx.WebRtc}/cam.html", "play,nowhep", "PLAYING");
        AssertPlaying(result["PLAYING"], "hls");
        result["PLAYING"].GetProperty("error").GetString().Should().StartWith("WebRTC:", "the player says why it left WebRTC");
    }

    [ChromiumFact]
    public async Task Page_WithWebRtcOff_PlaysOverHls()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + """
            webrtc: no
            paths:
              all_others:

            """);
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var hls = (await broker.ListenerAsync("HLS")).Port;
        await using var ffmpeg = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/cam", 120, "-ac", "2");
        await broker.Process.WaitForLineAsync(l => l.Contains("[path cam] stream is ready", StringComparison.Ordinal), Timeout);

        var result = await RunAsync($"http://127.0.0.1:{hls}/cam.html", "play", "PLAYING");
        AssertPlaying(result["PLAYING"], "hls");
    }

    [ChromiumFact]
    public async Task Page_ShowsOffline_WhenThePublisherStops_AndPlaysAgainWhenItReturns()
    {
        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{fx.Rtmp}/rec", 120, "-ac", "2");
        try
        {
            await fx.Broker.Process.WaitForLineAsync(l => l.Contains("[path rec] stream is ready", StringComparison.Ordinal), Timeout);
            await using var browser = StartBrowser($"http://127.0.0.1:{fx.WebRtc}/rec.html", "recover");
            var playing = await browser.WaitForLineAsync(l => l.StartsWith("PLAYING ", StringComparison.Ordinal) || l.StartsWith("FAILED", StringComparison.Ordinal), Timeout);
            playing.Should().StartWith("PLAYING", browser.Output);

            await publisher.DisposeAsync();
            var offline = await browser.WaitForLineAsync(l => l.StartsWith("OFFLINE ", StringComparison.Ordinal) || l.StartsWith("FAILED", StringComparison.Ordinal), Timeout);
            offline.Should().StartWith("OFFLINE", browser.Output);
            JsonDocument.Parse(offline["OFFLINE ".Length..]).RootElement.GetProperty("message").GetString().Should().Be("offline");

            publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{fx.Rtmp}/rec", 120, "-ac", "2");
            var recovered = await browser.WaitForLineAsync(l => l.StartsWith("RECOVERED ", StringComparison.Ordinal) || l.StartsWith("FAILED", StringComparison.Ordinal), Timeout);
            output.WriteLine(browser.Output);
            recovered.Should().StartWith("RECOVERED", browser.Output);
            AssertPlaying(JsonDocument.Parse(recovered["RECOVERED ".Length..]).RootElement.Clone(), "webrtc");
            (await browser.WaitForExitAsync(Timeout)).Should().Be(0, browser.Output);
        }
        finally
        {
            await publisher.DisposeAsync();
        }
    }

    private static ExternalProcess StartBrowser(string url, string mode, string? path = null) => ExternalProcess.Start(
        BrowserTools.Node!,
        [
            Path.Combine(BrowserTools.ToolsDirectory!, "embed-browser.js"), url, mode,
            ((int)Timeout.TotalMilliseconds - 5000).ToString(CultureInfo.InvariantCulture), .. path is null ? Array.Empty<string>() : [path],
        ],
        BrowserTools.ToolsDirectory);

    /// <summary>Runs the driver to its end; returns its result lines by their first word.</summary>
    private async Task<Dictionary<string, JsonElement>> RunAsync(string url, string mode, string expected, string? path = null)
    {
        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        output.WriteLine(url);
        await using var browser = StartBrowser(url, mode, path);
        var exit = await browser.WaitForExitAsync(Timeout);
        output.WriteLine(browser.Output);
        exit.Should().Be(0, browser.Output);
        var lines = browser.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains(" {", StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(' ', StringComparison.Ordinal)], l => JsonDocument.Parse(l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]).RootElement.Clone());
        lines.Should().ContainKey(expected, browser.Output);
        return lines;
    }

    private static void AssertPlaying(JsonElement s, string tech)
    {
        s.GetProperty("status").GetString().Should().Be("playing", s.ToString());
        s.GetProperty("tech").GetString().Should().Be(tech, s.ToString());
        s.GetProperty("width").GetInt32().Should().Be(320, s.ToString());
        s.GetProperty("height").GetInt32().Should().Be(240, s.ToString());
    }
}

public sealed class EmbedBrowserFixture : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private BrokerProcess? _broker;
    private ExternalProcess? _cam;

    internal BrokerProcess Broker => _broker!;

    public int Hls { get; private set; }

    public int WebRtc { get; private set; }

    public int Rtmp { get; private set; }

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + """
            paths:
              all_others:

            """);
        Rtmp = (await _broker.ListenerAsync("RTMP")).Port;
        Hls = (await _broker.ListenerAsync("HLS")).Port;
        WebRtc = (await _broker.ListenerAsync("WebRTC")).Port;
        _cam = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{Rtmp}/cam", 300, "-ac", "2");
        await _broker.Process.WaitForLineAsync(l => l.Contains("[path cam] stream is ready", StringComparison.Ordinal), Timeout);
    }

    public async Task DisposeAsync()
    {
        if (_cam is not null)
        {
            await _cam.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
