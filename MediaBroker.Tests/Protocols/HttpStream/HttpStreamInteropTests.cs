using System.Globalization;
using System.Net;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.HttpStream;

/// <summary>
/// The plain-HTTP outputs through the real executable (issue 17): ffmpeg publishes 320x240 H264 + AAC over RTMP (on a
/// path with a slash in its name) and over RTSP, and ffprobe decodes <c>.flv</c>, <c>.ts</c>, <c>.mp4</c> and <c>.aac</c>
/// of both from the HLS listener. One broker serves every check of the class.
/// </summary>
public sealed class HttpStreamInteropTests(HttpStreamBrokerFixture fx, ITestOutputHelper output) : IClassFixture<HttpStreamBrokerFixture>
{
    private static readonly TimeSpan Timeout = HttpStreamBrokerFixture.Timeout;
    private const int MinVideoFrames = 10;
    private const int MinAudioFrames = 10;

    private int Hls => fx.Hls;

    private int Metrics => fx.Metrics;

    [Theory]
    [InlineData("live/cam", ".flv", "flv")]
    [InlineData("live/cam", ".ts", "mpegts")]
    [InlineData("live/cam", ".mp4", "mp4")]
    [InlineData("rtspin", ".flv", "flv")]
    [InlineData("rtspin", ".ts", "mpegts")]
    [InlineData("rtspin", ".mp4", "mp4")]
    public async Task Output_OfRtmpAndRtspPublisher_DecodesH264Aac(string path, string extension, string demuxer)
    {
        var url = $"http://127.0.0.1:{Hls}/{path}{extension}";
        var streams = await MediaTools.ProbeWhenReadyAsync(url, Timeout, 2, "-f", demuxer);
        streams.Should().ContainSingle(s => s.Type == "video", url)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > MinVideoFrames,
                $"{url} should carry 320x240 H264 with more than {MinVideoFrames} frames decoded: {string.Join("; ", streams)}");
        streams.Should().ContainSingle(s => s.Type == "audio", url)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames > MinAudioFrames,
                $"{url} should carry 44.1 kHz AAC with more than {MinAudioFrames} frames decoded: {string.Join("; ", streams)}");
    }

    [Theory]
    [InlineData("live/cam")]
    [InlineData("rtspin")]
    public async Task Aac_OfH264AacStream_IsAudioOnlyAdts(string path)
    {
        var url = $"http://127.0.0.1:{Hls}/{path}.aac";
        var streams = await MediaTools.ProbeWhenReadyAsync(url, Timeout, 2, "-f", "aac");
        streams.Should().ContainSingle().Which.Should().Match<ProbedStream>(
            s => s.Type == "audio" && s.Codec == "aac" && s.SampleRate == 44100 && s.Frames > MinAudioFrames, string.Join("; ", streams));
    }

    [Theory]
    [InlineData(".flv", "flv")]
    [InlineData(".ts", "mpegts")]
    [InlineData(".mp4", "mp4")]
    public async Task LateReader_FirstVideoPacket_IsKeyFrame(string extension, string demuxer)
    {
        var url = $"http://127.0.0.1:{Hls}/live/cam{extension}";

        // A first reader holds the encoder open; the second joins mid-GOP (the publisher sends a key frame a second).
        using var http = new HttpClient { Timeout = Timeout };
        using var first = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        await using var body = await first.Content.ReadAsStreamAsync();
        await ReadAtLeastAsync(body, 64 * 1024);
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // join at another point of the GOP than the first reader

        for (var i = 0; i < 3; i++)
        {
            await using var p = ExternalProcess.Start("/usr/bin/ffprobe",
            [
                "-v", "error", "-f", demuxer, "-select_streams", "v", "-read_intervals", "%+#5", "-show_entries", "packet=flags", "-of", "json", url,
            ]);
            (await p.WaitForExitAsync(MediaTools.ProbeTimeout)).Should().Be(0, p.Output);
            using var doc = JsonDocument.Parse(p.Output[p.Output.IndexOf('{', StringComparison.Ordinal)..]);
            var flags = doc.RootElement.GetProperty("packets").EnumerateArray().Select(x => x.GetProperty("flags").GetString()).ToList();
            flags.Should().NotBeEmpty(url);
            flags[0].Should().StartWith("K", $"the first video packet of {url} must be a key frame (reader {i + 2}): {string.Join(",", flags)}");
        }
    }

    [RequiresFfmpegFact]
    public async Task Mp3_OfH264Mp3Stream_IsAudioOnlyMp3_AndAacIs415()
    {
        var url = $"http://127.0.0.1:{Hls}/mp3in.mp3";
        var streams = await MediaTools.ProbeWhenReadyAsync(url, Timeout, 2, "-f", "mp3");
        streams.Should().ContainSingle().Which.Should().Match<ProbedStream>(
            s => s.Type == "audio" && s.Codec == "mp3" && s.SampleRate == 44100 && s.Frames > MinAudioFrames, string.Join("; ", streams));

        using var http = new HttpClient { Timeout = Timeout };
        var aac = await http.GetAsync($"http://127.0.0.1:{Hls}/mp3in.aac");
        aac.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await aac.Content.ReadAsStringAsync()).Should().Contain("AAC");
    }

    [RequiresFfmpegFact]
    public async Task Auth_ReadWithoutCredentials_Refused401_WithCredentials_Decodes()
    {
        // all_others lets "any" read only live/cam and rtspin; another name of the same RTMP stream needs viewer.
        using var http = new HttpClient { Timeout = Timeout };
        var refused = await http.GetAsync($"http://127.0.0.1:{Hls}/private.flv");
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.Should().NotBeEmpty();

        var wrong = await http.GetAsync($"http://127.0.0.1:{Hls}/private.ts?user=viewer&pass=wrong");
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // Authorized but nothing published there: the path's own answer.
        var missing = await http.GetAsync($"http://127.0.0.1:{Hls}/private.mp4?user=viewer&pass=secret");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).Should().Contain("private");

        var streams = await MediaTools.ProbeWhenReadyAsync($"http://127.0.0.1:{Hls}/live/cam.flv?user=viewer&pass=secret", Timeout, 1, "-f", "flv");
        streams.Should().Contain(s => s.Type == "video" && s.Codec == "h264");
    }

    [RequiresFfmpegFact]
    public async Task UnknownPath_Is404_HeadAndOptionsBehave_Mp3WithoutTrackIs415()
    {
        using var http = new HttpClient { Timeout = Timeout };
        var unknown = await http.GetAsync($"http://127.0.0.1:{Hls}/nothing/here.flv?user=viewer&pass=secret");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("nothing/here");

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"http://127.0.0.1:{Hls}/live/cam.flv"));
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentType!.MediaType.Should().Be("video/x-flv");

        using var options = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, $"http://127.0.0.1:{Hls}/live/cam.mp4"));
        options.StatusCode.Should().Be(HttpStatusCode.NoContent);
        options.Content.Headers.Allow.Should().Contain("GET");

        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"http://127.0.0.1:{Hls}/live/cam.flv");
        preflight.Headers.Add("Origin", "http://example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var cors = await http.SendAsync(preflight);
        cors.StatusCode.Should().Be(HttpStatusCode.NoContent);
        cors.Headers.GetValues("Access-Control-Allow-Origin").Should().Contain("http://example.com");

        var mp3 = await http.GetAsync($"http://127.0.0.1:{Hls}/live/cam.mp3");
        mp3.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await mp3.Content.ReadAsStringAsync()).Should().Contain("MP3");

        // HLS keeps its own names under the path.
        (await http.GetAsync($"http://127.0.0.1:{Hls}/live/cam/index.m3u8")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [RequiresFfmpegFact]
    public async Task Reader_IsListedWhileReading_AndGoneAtOnceWhenItDisconnects()
    {
        using var http = new HttpClient { Timeout = Timeout };
        var url = $"http://127.0.0.1:{Hls}/rtspin.ts";
        var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        await ReadAtLeastAsync(body, 32 * 1024);

        var listed = await MetricsAsync(http);
        listed.Should().Contain("http_stream_sessions{").And.Contain("path=\"rtspin\"").And.Contain("format=\"mpegts\"");

        await body.DisposeAsync();
        response.Dispose();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        string now;
        do
        {
            await Task.Delay(100);
            now = await MetricsAsync(http);
        }
        while (now.Contains("format=\"mpegts\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        now.Should().NotContain("format=\"mpegts\"", "a reader that closes its connection is removed at once");
    }

    /// <summary>
    /// Chromium plays <c>/live/cam.mp4</c> natively in a &lt;video&gt; and <c>/rtspin.flv</c> through mpegts.js (pinned in
    /// tests-tools, served by the test's own page origin, not by the broker); <c>currentTime</c> advances.
    /// </summary>
    [ChromiumFact]
    public async Task Chromium_PlaysMp4Natively_AndFlvThroughMpegtsJs()
    {
        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        await Task.WhenAll(
            PlayAsync("native", $"http://127.0.0.1:{Hls}/live/cam.mp4"),
            PlayAsync("mpegts", $"http://127.0.0.1:{Hls}/rtspin.flv"));
    }

    private async Task PlayAsync(string mode, string url)
    {
        var timeout = TimeSpan.FromSeconds(60);
        await using var browser = ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "http-stream-browser.js"), mode, url, "1.5", "25",
                ((int)timeout.TotalMilliseconds - 5000).ToString(CultureInfo.InvariantCulture)],
            BrowserTools.ToolsDirectory);
        var exit = await browser.WaitForExitAsync(timeout);
        output.WriteLine($"{mode} {url}: {browser.Output}");
        exit.Should().Be(0, browser.Output);
        var line = browser.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        var result = JsonDocument.Parse(line).RootElement;
        result.GetProperty("advanced").GetDouble().Should().BeGreaterThanOrEqualTo(1.5, url);
        result.GetProperty("frames").GetInt32().Should().BeGreaterThanOrEqualTo(25, url);
        result.GetProperty("width").GetInt32().Should().Be(320, url);
        result.GetProperty("height").GetInt32().Should().Be(240, url);
    }

    private Task<string> MetricsAsync(HttpClient http) => http.GetStringAsync($"http://127.0.0.1:{Metrics}/metrics");

    private static async Task ReadAtLeastAsync(Stream body, int bytes)
    {
        var buffer = new byte[16 * 1024];
        var total = 0;
        using var cts = new CancellationTokenSource(Timeout);
        while (total < bytes)
        {
            var n = await body.ReadAsync(buffer, cts.Token);
            n.Should().BePositive("the output ended early");
            total += n;
        }
    }
}

/// <summary>One broker for the class: RTMP publishes H264 + AAC to <c>live/cam</c> and H264 + MP3 to <c>mp3in</c>, RTSP H264 + AAC to <c>rtspin</c>; "any" may read those only.</summary>
public sealed class HttpStreamBrokerFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private BrokerProcess? _broker;
    private ExternalProcess? _rtmp;
    private ExternalProcess? _rtsp;
    private ExternalProcess? _mp3;

    public int Hls { get; private set; }

    public int Metrics { get; private set; }

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + """
            metrics: yes
            authInternalUsers:
            - user: any
              permissions:
              - action: publish
              - action: read
                path: live/cam
              - action: read
                path: rtspin
              - action: read
                path: mp3in
              - action: metrics
            - user: viewer
              pass: secret
              permissions:
              - action: read
            paths:
              all_others:

            """);
        var rtsp = (await _broker.ListenerAsync("RTSP")).Port;
        var rtmp = (await _broker.ListenerAsync("RTMP")).Port;
        Hls = (await _broker.ListenerAsync("HLS")).Port;
        Metrics = (await _broker.ListenerAsync("metrics")).Port;
        _rtmp = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/cam", 300);
        _rtsp = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/rtspin", 300, "-rtsp_transport", "tcp");
        await _broker.Process.WaitForLineAsync(l => l.Contains("[path live/cam] stream is ready", StringComparison.Ordinal), Timeout);
        await _broker.Process.WaitForLineAsync(l => l.Contains("[path rtspin] stream is ready", StringComparison.Ordinal), Timeout);

        // H264 + MP3 over RTMP, for the .mp3 output.
        _mp3 = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "warning", "-re",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "300",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p",
            "-c:a", "libmp3lame", "-b:a", "64k", "-f", "flv", $"rtmp://127.0.0.1:{rtmp}/mp3in",
        ]);
        await _broker.Process.WaitForLineAsync(l => l.Contains("[path mp3in] stream is ready", StringComparison.Ordinal), Timeout);
    }

    public async Task DisposeAsync()
    {
        foreach (var p in new[] { _rtmp, _rtsp, _mp3 })
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
