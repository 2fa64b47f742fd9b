using System.Net;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Embed;
using MediaBroker.Media;
using MediaBroker.Net.Http;
using Xunit;

namespace MediaBroker.Tests.Embed;

/// <summary>The stream info's JSON shape (MistServer's), its script form, the routes, and the URL origins.</summary>
public sealed class StreamInfoTests
{
    // 640x480 Constrained Baseline (from the segmenter tests).
    private static readonly byte[] Sps640 = [0x67, 0x42, 0xC0, 0x1E, 0xDA, 0x02, 0x80, 0xF6, 0xC0, 0x44, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xCA, 0x3C, 0x58, 0xBA, 0x80];

    private static readonly byte[] AacLc44100Stereo = [0x12, 0x10];

    [Fact]
    public void Live_H264Aac_TracksKeyedLikeMistServer_SourcesByPriority()
    {
        Track[] tracks = [new(0, new H264Codec(Sps640, [0x68])), new(1, Mpeg4AudioCodec.FromConfig(AacLc44100Stereo)!)];
        ReadUrl[] urls =
        [
            new("RTSP", "rtsp", "rtsp://h:8554/cam", 70),
            new("WebRTC", "whep", "http://h:8889/cam/whep", 90),
            new("LL-HLS", "html5/application/vnd.apple.mpegurl", "http://h:8888/cam/index.m3u8", 80),
        ];

        using var doc = JsonDocument.Parse(StreamInfo.Live(tracks, urls).ToJsonString());
        var root = doc.RootElement;
        root.GetProperty("type").GetString().Should().Be("live");
        root.GetProperty("width").GetInt32().Should().Be(640);
        root.GetProperty("height").GetInt32().Should().Be(480);
        root.GetProperty("meta").GetProperty("live").GetInt32().Should().Be(1);
        var t = root.GetProperty("meta").GetProperty("tracks");
        var video = t.GetProperty("video_H264_640x480_0");
        video.GetProperty("trackid").GetInt32().Should().Be(0);
        video.GetProperty("type").GetString().Should().Be("video");
        video.GetProperty("codec").GetString().Should().Be("H264");
        video.GetProperty("width").GetInt32().Should().Be(640);
        var audio = t.GetProperty("audio_AAC_2ch_44100hz_1");
        audio.GetProperty("type").GetString().Should().Be("audio");
        audio.GetProperty("codec").GetString().Should().Be("AAC");
        audio.GetProperty("channels").GetInt32().Should().Be(2);
        audio.GetProperty("rate").GetInt32().Should().Be(44100);
        root.GetProperty("source").EnumerateArray().Select(s => s.GetProperty("type").GetString())
            .Should().Equal("whep", "html5/application/vnd.apple.mpegurl", "rtsp");
        var first = root.GetProperty("source")[0];
        first.GetProperty("url").GetString().Should().Be("http://h:8889/cam/whep");
        first.GetProperty("priority").GetInt32().Should().Be(90);
        first.GetProperty("protocol").GetString().Should().Be("WebRTC");
    }

    [Fact]
    public void Live_AudioOnlyOpus_NoSize_Rate48000_CodecNamedLikeMistServer()
    {
        using var doc = JsonDocument.Parse(StreamInfo.Live([new Track(0, new OpusCodec(2))], []).ToJsonString());
        doc.RootElement.GetProperty("width").GetInt32().Should().Be(640, "MistServer's default size without video");
        doc.RootElement.GetProperty("height").GetInt32().Should().Be(20);
        var opus = doc.RootElement.GetProperty("meta").GetProperty("tracks").GetProperty("audio_opus_2ch_48000hz_0");
        opus.GetProperty("rate").GetInt32().Should().Be(48000);
        var head = System.Text.Encoding.Latin1.GetBytes(opus.GetProperty("init").GetString()!);
        MediaBroker.Codecs.Opus.OpusHead.TryParse(head, out var parsed).Should().BeTrue();
        parsed.ChannelCount.Should().Be(2);
        doc.RootElement.GetProperty("source").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public void Live_Measured_GivesInitRatesAndTimes_OneCharacterPerInitByte()
    {
        Track[] tracks = [new(0, new H264Codec(Sps640, [0x68, 0xCE, 0x38, 0x80])), new(1, Mpeg4AudioCodec.FromConfig(AacLc44100Stereo)!)];
        TrackMeterReading?[] readings = [new TrackMeterReading(1000, 11_000, 301 * 5000, 301), null];
        var info = StreamInfo.Live(tracks, readings, 1_700_000_000_000, []);
        var text = info.ToJsonString();
        text.Should().Contain("\"init\":\"\\u0001B\\u00C0\\u001E", "avcC bytes are written as characters U+0000 to U+00FF");
        using var doc = JsonDocument.Parse(text);
        doc.RootElement.GetProperty("unixoffset").GetInt64().Should().Be(1_700_000_000_000);
        var video = doc.RootElement.GetProperty("meta").GetProperty("tracks").GetProperty("video_H264_640x480_0");
        var init = System.Text.Encoding.Latin1.GetBytes(video.GetProperty("init").GetString()!);
        init.Should().Equal(MediaBroker.Codecs.H264.AvcDecoderConfigurationRecord.Build(Sps640, [0x68, 0xCE, 0x38, 0x80]));
        (init[1], init[3]).Should().Be(((byte)0x42, (byte)0x1E), "profile and level of the SPS");
        video.GetProperty("firstms").GetInt64().Should().Be(1000);
        video.GetProperty("lastms").GetInt64().Should().Be(11_000);
        video.GetProperty("bps").GetInt64().Should().Be(150_000, "300 intervals of 33.3 ms carry 300 units of 5000 bytes");
        video.GetProperty("efpks").GetInt64().Should().Be(30_000, "measured");
        video.GetProperty("fpks").GetInt64().Should().Be(25_000, "declared by the SPS's timing");

        // Without SPS timing, fpks is the measured rate.
        using var h265 = JsonDocument.Parse(StreamInfo.Live([new Track(0, new H265Codec(null, null, null))], readings, null, []).ToJsonString());
        h265.RootElement.GetProperty("meta").GetProperty("tracks").GetProperty("video_HEVC_0").GetProperty("fpks").GetInt64().Should().Be(30_000);
        var audio = doc.RootElement.GetProperty("meta").GetProperty("tracks").GetProperty("audio_AAC_2ch_44100hz_1");
        System.Text.Encoding.Latin1.GetBytes(audio.GetProperty("init").GetString()!).Should().Equal(AacLc44100Stereo);
        audio.GetProperty("bps").GetInt64().Should().Be(0, "no unit yet");
        audio.GetProperty("lastms").GetInt64().Should().Be(0);

        // Without readings (what the WebSocket compares), nothing that moves by itself is there.
        var shape = StreamInfo.Live(tracks, null, null, []);
        shape.ToJsonString().Should().NotContain("bps").And.NotContain("lastms").And.NotContain("unixoffset").And.NotContain("efpks");
    }

    [Fact]
    public void DeclaredFrameRate_FromTheSpsTiming_InitEmptyWithoutConfiguration()
    {
        TrackInit.DeclaredFrameRate(new H264Codec(Sps640, [0x68])).Should().Be(25, "this SPS's timing: time_scale 50, num_units_in_tick 1");
        TrackInit.DeclaredFrameRate(new H264Codec(null, null)).Should().BeNull();
        TrackInit.Of(new Vp8Codec()).Should().BeEmpty();
        TrackInit.Of(new H264Codec(null, null)).Should().BeEmpty("no parameter sets yet");
    }

    [Fact]
    public void Script_SetsTheMistvideoEntry_AndEscapesThePathForScripts()
    {
        var script = StreamInfo.Script("cam</script>", StreamInfo.Error(StreamInfo.OfflineError));
        script.Should().StartWith("if (!mistvideo) { var mistvideo = {}; }\nmistvideo[\"cam\\u003C/script\\u003E\"] = ");
        script.Should().EndWith("= {\"error\":\"Stream is offline\"};\n");
    }

    [Theory]
    [InlineData("/json_cam.js", EmbedRouteKind.Json, "cam")]
    [InlineData("/json_live/cam.js", EmbedRouteKind.Json, "live/cam")]
    [InlineData("/info_cam.js", EmbedRouteKind.Script, "cam")]
    [InlineData("/embed_live/cam.js", EmbedRouteKind.EmbedScript, "live/cam")]
    [InlineData("/cam.html", EmbedRouteKind.Page, "cam")]
    [InlineData("/live/cam.html", EmbedRouteKind.Page, "live/cam")]
    [InlineData("/player.js", EmbedRouteKind.Player, "")]
    [InlineData("/hls.min.js", EmbedRouteKind.HlsScript, "")]
    [InlineData("/json_.js", EmbedRouteKind.None, "")]
    [InlineData("/.html", EmbedRouteKind.None, "")]
    [InlineData("/cam/index.m3u8", EmbedRouteKind.None, "")]
    [InlineData("/cam.flv", EmbedRouteKind.None, "")]
    [InlineData("/cam/whep", EmbedRouteKind.None, "")]
    public void Route_Parse(string url, EmbedRouteKind kind, string path)
    {
        var r = EmbedRoute.Parse(url);
        r.Kind.Should().Be(kind);
        if (kind != EmbedRouteKind.None)
        {
            r.StreamPath.Should().Be(path);
        }
    }

    [Fact]
    public void Origin_OwnListener_KeepsTheRequestsAuthority_OtherListener_UsesItsPort()
    {
        var r = new ReadUrlRequest { Host = "example.com", Listener = "hls", Scheme = "https", Authority = "example.com" };
        r.Origin("hls", "http", 8888).Should().Be("https://example.com", "a proxy's scheme and port are what the client reaches");
        r.Origin("webrtc", "http", 8889).Should().Be("http://example.com:8889");
        ReadUrlRequest.EscapePath("live/my cam").Should().Be("live/my%20cam");
    }

    [Fact]
    public void ForwardedHost_BelievedOnlyFromTrustedProxies()
    {
        var proxies = new HttpForwardedHeaders(["10.0.0.0/8"]);
        proxies.ResolveHost(IPAddress.Parse("10.1.2.3"), "media.example.com:443, inner").Should().Be(new Microsoft.AspNetCore.Http.HostString("media.example.com:443"));
        proxies.ResolveHost(IPAddress.Parse("192.0.2.1"), "media.example.com").Should().BeNull();
        proxies.ResolveHost(IPAddress.Parse("10.1.2.3"), "evil.com/path").Should().BeNull();
        proxies.ResolveHost(IPAddress.Parse("10.1.2.3"), null).Should().BeNull();
    }
}
