using System.Globalization;
using System.Net;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.HttpStream;

/// <summary>
/// <c>/&lt;path&gt;.webm</c> through the real executable: ffmpeg publishes 320x240 VP9 + Opus over RTSP, ffprobe decodes the
/// live WebM and Chromium plays it in a &lt;video&gt;; an AV1 + Opus file source (the installed ffmpeg has no AV1 RTP, FLV
/// or MPEG-TS muxer to publish with) is decoded as AV1; a stream without a VP8/VP9/AV1/Opus track is refused with a reason.
/// </summary>
public sealed class WebmInteropTests(WebmBrokerFixture fx, ITestOutputHelper output) : IClassFixture<WebmBrokerFixture>
{
    private static readonly TimeSpan Timeout = WebmBrokerFixture.Timeout;

    [RequiresFfmpegFact]
    public async Task Webm_OfRtspVp9OpusPublisher_DecodesVp9AndOpus()
    {
        var url = $"http://127.0.0.1:{fx.Hls}/vp9.webm";
        var streams = await MediaTools.ProbeWhenReadyAsync(url, Timeout, 3, "-f", "webm");
        streams.Should().ContainSingle(s => s.Type == "video", url)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "vp9" && s.Width == 320 && s.Height == 240 && s.Frames >= 25,
                $"320x240 VP9 with 25+ frames decoded: {string.Join("; ", streams)}");
        streams.Should().ContainSingle(s => s.Type == "audio", url)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "opus" && s.SampleRate == 48000 && s.Frames >= 25,
                $"48 kHz Opus with 25+ frames decoded: {string.Join("; ", streams)}");
    }

    [RequiresFfmpegFact]
    public async Task Webm_OfAv1OpusSource_DecodesAv1AndOpus()
    {
        var url = $"http://127.0.0.1:{fx.Hls}/av1.webm";
        var streams = await MediaTools.ProbeWhenReadyAsync(url, Timeout, 3, "-f", "webm");
        streams.Should().ContainSingle(s => s.Type == "video", url)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "av1" && s.Width == 160 && s.Height == 120 && s.Frames >= 25,
                $"160x120 AV1 with 25+ frames decoded: {string.Join("; ", streams)}");
        streams.Should().ContainSingle(s => s.Type == "audio", url)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "opus" && s.SampleRate == 48000 && s.Frames >= 25,
                $"48 kHz Opus with 25+ frames decoded: {string.Join("; ", streams)}");
    }

    [RequiresFfmpegFact]
    public async Task Webm_OfH264AacStream_Is415NamingWhatWebmCarries()
    {
        using var http = new HttpClient { Timeout = Timeout };
        var r = await http.GetAsync($"http://127.0.0.1:{fx.Hls}/h264.webm");
        r.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await r.Content.ReadAsStringAsync()).Should().Contain("no track .webm can carry").And.Contain("VP8, VP9, AV1, Opus");
    }

    [ChromiumFact]
    public async Task Chromium_PlaysWebmNatively()
    {
        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        var url = $"http://127.0.0.1:{fx.Hls}/vp9.webm";
        var timeout = TimeSpan.FromSeconds(60);
        await using var browser = ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "http-stream-browser.js"), "native", url, "1.5", "25",
                ((int)timeout.TotalMilliseconds - 5000).ToString(CultureInfo.InvariantCulture)],
            BrowserTools.ToolsDirectory);
        var exit = await browser.WaitForExitAsync(timeout);
        output.WriteLine($"webm {url}: {browser.Output}");
        exit.Should().Be(0, browser.Output);
        var line = browser.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        var result = JsonDocument.Parse(line).RootElement;
        result.GetProperty("advanced").GetDouble().Should().BeGreaterThanOrEqualTo(1.5, url);
        result.GetProperty("frames").GetInt32().Should().BeGreaterThanOrEqualTo(25, url);
        result.GetProperty("width").GetInt32().Should().Be(320, url);
        result.GetProperty("height").GetInt32().Should().Be(240, url);
    }
}

/// <summary>One broker: RTSP VP9 + Opus to <c>vp9</c>, RTSP H264 + AAC to <c>h264</c>, the AV1 + Opus test file in a loop on <c>av1</c>.</summary>
public sealed class WebmBrokerFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private BrokerProcess? _broker;
    private ExternalProcess? _vp9;
    private ExternalProcess? _h264;

    public int Hls { get; private set; }

    public async Task InitializeAsync()
    {
        var av1 = Formats.Fmp4.Fmp4TestMedia.PathOf("av1_opus.mp4");
        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            paths:
              av1:
                source: file://{av1}?loop=yes
              all_others:

            """);
        var rtsp = (await _broker.ListenerAsync("RTSP")).Port;
        Hls = (await _broker.ListenerAsync("HLS")).Port;
        // ffmpeg calls its VP9 RTP packetizer experimental.
        _vp9 = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "warning", "-re",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "300",
            "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1", "-b:v", "300k", "-g", "25", "-pix_fmt", "yuv420p",
            "-c:a", "libopus", "-b:a", "64k", "-strict", "experimental", "-rtsp_transport", "tcp", "-f", "rtsp", $"rtsp://127.0.0.1:{rtsp}/vp9",
        ]);
        _h264 = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/h264", 300, "-rtsp_transport", "tcp");
        await _broker.Process.WaitForLineAsync(l => l.Contains("[path vp9] stream is ready", StringComparison.Ordinal), Timeout);
        await _broker.Process.WaitForLineAsync(l => l.Contains("[path h264] stream is ready", StringComparison.Ordinal), Timeout);
    }

    public async Task DisposeAsync()
    {
        foreach (var p in new[] { _vp9, _h264 })
        {
            if (p is not null)
            {
                await p.DisposeAsync();
            }
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
