using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Embed;

/// <summary>
/// The stream info through the real executable: ffmpeg publishes 320x240 H264 + 44.1 kHz stereo AAC over RTMP, and
/// <c>/json_&lt;path&gt;.js</c> and <c>/info_&lt;path&gt;.js</c> on the HLS and WebRTC listeners list those tracks and every
/// enabled protocol's URL with the ports the listeners really bound; the WebSocket form pushes the change when the
/// publisher stops and starts again; auth is the reader's; a trusted proxy's X-Forwarded-Host/-Proto name the URLs.
/// </summary>
public sealed class EmbedBrokerProcessTests(EmbedBrokerFixture fx, ITestOutputHelper output) : IClassFixture<EmbedBrokerFixture>
{
    private static readonly TimeSpan Timeout = EmbedBrokerFixture.Timeout;

    [RequiresFfmpegFact]
    public async Task Json_OnBothListeners_ListsTracksAndEverySourceWithBoundPorts()
    {
        using var http = new HttpClient { Timeout = Timeout };
        foreach (var port in new[] { fx.Hls, fx.WebRtc })
        {
            var res = await http.GetAsync($"http://127.0.0.1:{port}/json_cam.js");
            res.StatusCode.Should().Be(HttpStatusCode.OK);
            res.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
            var text = await res.Content.ReadAsStringAsync();
            output.WriteLine(text);
            using var doc = JsonDocument.Parse(text);
            AssertCamInfo(doc.RootElement, "http://127.0.0.1", "127.0.0.1");
        }
    }

    [RequiresFfmpegFact]
    public async Task InfoScript_IsTheMistvideoAssignment()
    {
        using var http = new HttpClient { Timeout = Timeout };
        var res = await http.GetAsync($"http://127.0.0.1:{fx.WebRtc}/info_cam.js");
        res.StatusCode.Should().Be(HttpStatusCode.OK);
        res.Content.Headers.ContentType!.MediaType.Should().Be("application/javascript");
        var text = await res.Content.ReadAsStringAsync();
        const string Head = "if (!mistvideo) { var mistvideo = {}; }\nmistvideo[\"cam\"] = ";
        text.Should().StartWith(Head);
        text.Should().EndWith(";\n");
        using var doc = JsonDocument.Parse(text[Head.Length..^2]);
        AssertCamInfo(doc.RootElement, "http://127.0.0.1", "127.0.0.1");
    }

    [RequiresFfmpegFact]
    public async Task Json_ThroughTrustedProxy_NamesTheProxysHostAndScheme()
    {
        using var http = new HttpClient { Timeout = Timeout };
        using var req = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{fx.WebRtc}/json_cam.js");
        req.Headers.Add("X-Forwarded-Host", "media.example.com:8443");
        req.Headers.Add("X-Forwarded-Proto", "https");
        var res = await http.SendAsync(req);
        res.StatusCode.Should().Be(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        var urls = Urls(doc.RootElement);
        urls["whep"].Should().Be("https://media.example.com:8443/cam/whep", "the request's own listener keeps the proxy's origin");
        urls["html5/application/vnd.apple.mpegurl"].Should().Be($"http://media.example.com:{fx.Hls}/cam/index.m3u8");
        urls["rtsp"].Should().Be($"rtsp://media.example.com:{fx.Rtsp}/cam");
    }

    [RequiresFfmpegFact]
    public async Task Json_AuthAsForReading_OfflinePathAnswersMistServersError()
    {
        using var http = new HttpClient { Timeout = Timeout };
        var refused = await http.GetAsync($"http://127.0.0.1:{fx.Hls}/json_private.js");
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.Should().NotBeEmpty();
        (await http.GetAsync($"http://127.0.0.1:{fx.WebRtc}/private.html")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await http.GetAsync($"http://127.0.0.1:{fx.Hls}/json_private.js?user=viewer&pass=wrong")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var offline = await http.GetAsync($"http://127.0.0.1:{fx.Hls}/json_private.js?user=viewer&pass=secret");
        offline.StatusCode.Should().Be(HttpStatusCode.OK);
        (await offline.Content.ReadAsStringAsync()).Should().Be("{\"error\":\"Stream is offline\"}");
    }

    [RequiresFfmpegFact]
    public async Task WebSocket_PushesOfflineWhenThePublisherStops_AndTheTracksWhenItReturns()
    {
        await using var first = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{fx.Rtmp}/wscam", 120, "-ac", "2");
        using var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{fx.Hls}/json_wscam.js"), cts.Token);

        // The first message is the state now: offline until ffmpeg's stream is ready, then the tracks.
        var live = await ReceiveUntilAsync(socket, m => m.TryGetProperty("meta", out _), cts.Token);
        live.GetProperty("meta").GetProperty("tracks").TryGetProperty("video_H264_320x240_0", out _).Should().BeTrue(live.ToString());
        Video(live).TryGetProperty("lastms", out _).Should().BeTrue("a message carries the measured fields as they are when it is sent");

        await first.DisposeAsync();
        var offline = await ReceiveUntilAsync(socket, _ => true, cts.Token);
        offline.GetProperty("error").GetString().Should().Be("Stream is offline");

        await using var second = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{fx.Rtmp}/wscam", 120, "-ac", "2");
        var back = await ReceiveUntilAsync(socket, _ => true, cts.Token);
        back.GetProperty("type").GetString().Should().Be("live", back.ToString());
        back.GetProperty("meta").GetProperty("tracks").TryGetProperty("audio_AAC_2ch_44100hz_1", out _).Should().BeTrue(back.ToString());

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
    }

    [RequiresFfmpegFact]
    public async Task Json_TrackFields_AreMeasuredFromWhatFfmpegPublishes()
    {
        // 400 kbit/s of Main 3.1 H264 (ultrafast has no CABAC, so x264 would lower Main to Baseline) at 25 fps and 64 kbit/s of AAC, over RTSP.
        await using var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{fx.Rtsp}/meter", 120,
            "-preset", "veryfast", "-profile:v", "main", "-level:v", "3.1", "-b:v", "400k", "-minrate", "400k", "-maxrate", "400k", "-bufsize", "400k",
            "-ac", "2", "-rtsp_transport", "tcp");
        using var http = new HttpClient { Timeout = Timeout };

        // The window fills for ten seconds of media; six are enough for the rates to settle.
        var info = await PollInfoAsync(http, "meter", i => Span(Video(i)) >= 6000, TimeSpan.FromSeconds(60));
        var video = Video(info);
        var audio = Audio(info);

        var init = Latin1(video.GetProperty("init"));
        init[0].Should().Be(1, "avcC starts with configurationVersion 1");
        init[1].Should().Be(77, "Main profile, as ffmpeg was told");
        init[3].Should().Be(31, "level 3.1, as ffmpeg was told");
        var spsLength = (init[6] << 8) | init[7];
        MediaBroker.Codecs.H264.H264Sps.TryParse(init.AsSpan(8, spsLength), out var sps).Should().BeTrue();
        (sps.ProfileIdc, sps.LevelIdc, sps.Width, sps.Height).Should().Be((77, 31, 320, 240), "the avcC carries the stream's SPS");

        var asc = Latin1(audio.GetProperty("init"));
        MediaBroker.Codecs.Aac.AudioSpecificConfig.TryParse(asc, out var config).Should().BeTrue();
        (config.ObjectType, config.SampleRate, config.ChannelCount).Should().Be((2, 44100, 2), "AAC LC 44.1 kHz stereo");

        video.GetProperty("fpks").GetInt64().Should().Be(25000, "x264 declares 25 fps in the SPS timing");
        video.GetProperty("efpks").GetInt64().Should().BeInRange(24000, 26000, "25 frames a second measured");
        video.GetProperty("bps").GetInt64().Should().BeInRange(40_000, 60_000, "400 kbit/s is 50 000 bytes a second");
        audio.GetProperty("bps").GetInt64().Should().BeInRange(5_600, 10_400, "64 kbit/s is 8000 bytes a second");

        // lastms moves on with the stream, and the window slides once it holds ten seconds.
        var lastms = video.GetProperty("lastms").GetInt64();
        var later = await PollInfoAsync(http, "meter", i => Video(i).GetProperty("lastms").GetInt64() >= lastms + 5000, TimeSpan.FromSeconds(40));
        var v = Video(later);
        Span(v).Should().BeInRange(9000, TrackMeterWindow, "a ten-second window of media time");
        v.GetProperty("firstms").GetInt64().Should().BeGreaterThan(video.GetProperty("firstms").GetInt64(), "the window slid");
        Math.Abs(Audio(later).GetProperty("lastms").GetInt64() - v.GetProperty("lastms").GetInt64()).Should().BeLessThan(1000,
            "both tracks are on one timeline");
        later.GetProperty("unixoffset").GetInt64().Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - v.GetProperty("lastms").GetInt64(), 5000,
            "unixoffset plus lastms is about now");
    }

    private const long TrackMeterWindow = 10_000;

    private static JsonElement Video(JsonElement info) =>
        info.GetProperty("meta").GetProperty("tracks").EnumerateObject().First(t => t.Name.StartsWith("video_", StringComparison.Ordinal)).Value;

    private static JsonElement Audio(JsonElement info) =>
        info.GetProperty("meta").GetProperty("tracks").EnumerateObject().First(t => t.Name.StartsWith("audio_", StringComparison.Ordinal)).Value;

    private static long Span(JsonElement track) => track.GetProperty("lastms").GetInt64() - track.GetProperty("firstms").GetInt64();

    private static byte[] Latin1(JsonElement s) => Encoding.Latin1.GetBytes(s.GetString()!);

    private async Task<JsonElement> PollInfoAsync(HttpClient http, string path, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string text = "";
        while (DateTime.UtcNow < deadline)
        {
            text = await http.GetStringAsync($"http://127.0.0.1:{fx.Hls}/json_{path}.js");
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("meta", out _) && done(doc.RootElement))
            {
                output.WriteLine(text);
                return doc.RootElement.Clone();
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the info of {path} never got there; last: {text}");
    }

    private void AssertCamInfo(JsonElement info, string httpOrigin, string host)
    {
        info.GetProperty("type").GetString().Should().Be("live");
        info.GetProperty("width").GetInt32().Should().Be(320);
        info.GetProperty("height").GetInt32().Should().Be(240);
        var tracks = info.GetProperty("meta").GetProperty("tracks");
        var video = tracks.GetProperty("video_H264_320x240_0");
        video.GetProperty("codec").GetString().Should().Be("H264");
        video.GetProperty("width").GetInt32().Should().Be(320);
        video.GetProperty("height").GetInt32().Should().Be(240);
        var audio = tracks.GetProperty("audio_AAC_2ch_44100hz_1");
        audio.GetProperty("codec").GetString().Should().Be("AAC");
        audio.GetProperty("rate").GetInt32().Should().Be(44100);
        audio.GetProperty("channels").GetInt32().Should().Be(2);

        // The RTMP publisher's units are counted on their own tracks, and the configurations are there.
        foreach (var track in new[] { video, audio })
        {
            track.GetProperty("bps").GetInt64().Should().BePositive(track.ToString());
            track.GetProperty("lastms").GetInt64().Should().BeGreaterThanOrEqualTo(track.GetProperty("firstms").GetInt64());
        }

        Latin1(video.GetProperty("init"))[0].Should().Be(1, "an avcC");
        Latin1(audio.GetProperty("init")).Should().StartWith(new byte[] { 0x12, 0x10 }, "AAC LC, 44.1 kHz, stereo");

        var sources = info.GetProperty("source").EnumerateArray()
            .Select(s => (Type: s.GetProperty("type").GetString(), Url: s.GetProperty("url").GetString())).ToList();
        sources.Should().Equal(
        [
            ("whep", $"{httpOrigin}:{fx.WebRtc}/cam/whep"),
            ("html5/application/vnd.apple.mpegurl", $"{httpOrigin}:{fx.Hls}/cam/index.m3u8"),
            ("rtsp", $"rtsp://{host}:{fx.Rtsp}/cam"),
            ("flash/10", $"rtmp://{host}:{fx.Rtmp}/cam"),
            ("srt", $"srt://{host}:{fx.Srt}?streamid=read:cam"),
            ("html5/video/mp4", $"{httpOrigin}:{fx.Hls}/cam.mp4"),
            ("flash/7", $"{httpOrigin}:{fx.Hls}/cam.flv"),
            ("html5/video/mpeg", $"{httpOrigin}:{fx.Hls}/cam.ts"),
        ]);
    }

    private static Dictionary<string, string> Urls(JsonElement info) =>
        info.GetProperty("source").EnumerateArray().ToDictionary(s => s.GetProperty("type").GetString()!, s => s.GetProperty("url").GetString()!);

    private async Task<JsonElement> ReceiveUntilAsync(ClientWebSocket socket, Func<JsonElement, bool> match, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult r;
            do
            {
                r = await socket.ReceiveAsync(buffer, ct);
                r.MessageType.Should().Be(WebSocketMessageType.Text);
                message.Write(buffer, 0, r.Count);
            }
            while (!r.EndOfMessage);

            var text = Encoding.UTF8.GetString(message.ToArray());
            output.WriteLine(text);
            var element = JsonDocument.Parse(text).RootElement.Clone();
            if (match(element))
            {
                return element;
            }
        }
    }
}

public sealed class EmbedBrokerFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private BrokerProcess? _broker;
    private ExternalProcess? _cam;

    public int Hls { get; private set; }

    public int WebRtc { get; private set; }

    public int Rtsp { get; private set; }

    public int Rtmp { get; private set; }

    public int Srt { get; private set; }

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + """
            hlsTrustedProxies: [127.0.0.1]
            webrtcTrustedProxies: [127.0.0.1]
            authInternalUsers:
            - user: any
              permissions:
              - action: publish
              - action: read
                path: cam
              - action: read
                path: wscam
              - action: read
                path: meter
            - user: viewer
              pass: secret
              permissions:
              - action: read
            paths:
              all_others:

            """);
        Rtsp = (await _broker.ListenerAsync("RTSP")).Port;
        Rtmp = (await _broker.ListenerAsync("RTMP")).Port;
        Hls = (await _broker.ListenerAsync("HLS")).Port;
        WebRtc = (await _broker.ListenerAsync("WebRTC")).Port;
        Srt = (await _broker.ListenerAsync("SRT")).Port;
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
