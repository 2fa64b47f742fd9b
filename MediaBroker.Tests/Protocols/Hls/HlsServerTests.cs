using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FluentAssertions;
using MediaBroker.Protocols.Hls;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.Hls;

public sealed class HlsServerTests(HlsServerFixture fx, ITestOutputHelper output) : IClassFixture<HlsServerFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(20);

    public static TheoryData<HlsVariant> Variants => [HlsVariant.LowLatency, HlsVariant.Fmp4, HlsVariant.MpegTs];

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Ffprobe_EachVariant_SeesH264AndAac(HlsVariant variant)
    {
        var text = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "default=nw=1",
            fx.Url(variant, "cam/index.m3u8").ToString()]);
        text.Should().Contain("codec_name=h264").And.Contain("width=160").And.Contain("height=120").And.Contain("codec_name=aac");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Ffmpeg_EachVariant_DecodesVideoAndAudio(HlsVariant variant)
    {
        var text = await RunAsync("ffmpeg", ["-nostdin", "-hide_banner", "-i", fx.Url(variant, "cam/index.m3u8").ToString(),
            "-frames:v", "30", "-f", "null", "-"]);
        text.Should().MatchRegex(@"frame=\s*30 ");
        text.Should().Contain("Audio: aac");
    }

    [Fact]
    public async Task Ffprobe_NestedPath_Works()
    {
        var text = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "default=nw=1",
            fx.Url(HlsVariant.LowLatency, "test/stream/index.m3u8").ToString()]);
        text.Should().Contain("codec_name=h264");
    }

    [Fact]
    public async Task Get_MissingPath_Returns404Quickly()
    {
        using var http = new HttpClient();
        var sw = Stopwatch.StartNew();
        using var r = await http.GetAsync(fx.Url(HlsVariant.LowLatency, "nobody/index.m3u8")).WaitAsync(TimeSpan.FromSeconds(10));
        r.StatusCode.Should().Be(HttpStatusCode.NotFound);
        sw.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Get_StreamWithoutSupportedTrack_Returns400WithReason()
    {
        using var http = new HttpClient();
        using var r = await http.GetAsync(fx.Url(HlsVariant.LowLatency, "g711/index.m3u8")).WaitAsync(TimeSpan.FromSeconds(10));
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await r.Content.ReadAsStringAsync()).Should().Contain("G711").And.Contain("H264");
    }

    [Fact]
    public async Task Get_Auth_ChallengesRefusesAndAccepts()
    {
        using var http = new HttpClient();
        var url = fx.Url(HlsVariant.LowLatency, "secure/index.m3u8");

        using (var none = await http.GetAsync(url).WaitAsync(TimeSpan.FromSeconds(10)))
        {
            none.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            none.Headers.WwwAuthenticate.ToString().Should().StartWith("Basic");
        }

        (await StatusAsync(http, url, new AuthenticationHeaderValue("Basic", B64("u:wrong")))).Should().Be(HttpStatusCode.Unauthorized);
        (await StatusAsync(http, url, new AuthenticationHeaderValue("Basic", B64("u:p")))).Should().Be(HttpStatusCode.OK);
        (await StatusAsync(http, url, new AuthenticationHeaderValue("Bearer", "u:p"))).Should().Be(HttpStatusCode.OK);
        (await StatusAsync(http, url, new AuthenticationHeaderValue("Bearer", HlsServerFixture.CdnSecret))).Should().Be(HttpStatusCode.OK);
        fx.Servers[HlsVariant.LowLatency].Sessions.Should().Contain(s => s.IsCDN && s.Path == "secure");

        // Query credentials travel into every URI of the playlists, so players that drop headers keep working.
        var withQuery = new Uri(url + "?user=u&pass=p");
        var multivariant = await http.GetStringAsync(withQuery).WaitAsync(TimeSpan.FromSeconds(15));
        multivariant.Should().Contain("stream.m3u8?user=u&pass=p");
        var media = await http.GetStringAsync(new Uri(withQuery, "stream.m3u8?user=u&pass=p")).WaitAsync(TimeSpan.FromSeconds(15));
        media.Should().Contain("init.mp4?user=u&pass=p");
    }

    [Fact]
    public async Task Ffprobe_BasicAuthInUrl_Reads()
    {
        var port = fx.Servers[HlsVariant.MpegTs].BoundEndPoint!.Port;
        var text = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "default=nw=1",
            $"http://u:p@127.0.0.1:{port}/secure/index.m3u8"]);
        text.Should().Contain("codec_name=h264");
    }

    [Fact]
    public async Task Get_BlockingReload_ReturnsWhenNextPartExists()
    {
        using var http = new HttpClient();
        var media = fx.Url(HlsVariant.LowLatency, "cam/stream.m3u8");
        var first = await http.GetStringAsync(media).WaitAsync(TimeSpan.FromSeconds(15));
        var (msn, parts) = LastSegmentParts(first);
        var hint = Hint(first);

        var sw = Stopwatch.StartNew();
        using var answer = await http.GetAsync(new Uri(media + $"?_HLS_msn={msn}&_HLS_part={parts}")).WaitAsync(TimeSpan.FromSeconds(10));
        var next = await answer.Content.ReadAsStringAsync();
        var waited = sw.Elapsed;
        // The answer to a blocking reload lists the part asked for, so a cache may keep it for that URL (three target durations).
        answer.Headers.CacheControl!.NoCache.Should().BeFalse();
        answer.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromSeconds(3 * TargetDuration(next)));
        next.Should().Contain($"URI=\"part{hint}.mp4\"", "the hinted part is the one the request waited for");
        waited.Should().BeLessThan(TimeSpan.FromSeconds(2));

        // The preload-hinted part itself is held until it exists, then served.
        var hint2 = Hint(next);
        using var part = await http.GetAsync(fx.Url(HlsVariant.LowLatency, $"cam/part{hint2}.mp4")).WaitAsync(TimeSpan.FromSeconds(10));
        part.StatusCode.Should().Be(HttpStatusCode.OK);
        part.Content.Headers.ContentType!.MediaType.Should().Be("video/mp4");
        part.Headers.CacheControl!.MaxAge.Should().NotBeNull();
        var bytes = await part.Content.ReadAsByteArrayAsync();
        Encoding.ASCII.GetString(bytes, 4, 4).Should().Be("moof");
        output.WriteLine($"blocking reload for msn {msn} part {parts} answered after {waited.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Get_SameSegmentAndPlaylistByManyViewersAtOnce_EveryBodyComplete()
    {
        // Bodies are written straight from the stored parts into Kestrel's pipe: many concurrent downloads on separate
        // connections must each get exactly Content-Length bytes, and the same ones.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 200 });
        var media = fx.Url(HlsVariant.LowLatency, "cam/stream.m3u8");
        var playlist = await http.GetStringAsync(media).WaitAsync(TimeSpan.FromSeconds(15));
        var segment = playlist.Split('\n').Last(l => l.StartsWith("seg", StringComparison.Ordinal));

        async Task<(long? Length, byte[] Body)> GetAsync(string file)
        {
            using var r = await http.GetAsync(fx.Url(HlsVariant.LowLatency, "cam/" + file)).WaitAsync(TimeSpan.FromSeconds(15));
            r.StatusCode.Should().Be(HttpStatusCode.OK);
            return (r.Content.Headers.ContentLength, await r.Content.ReadAsByteArrayAsync().WaitAsync(TimeSpan.FromSeconds(15)));
        }

        var segments = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => GetAsync(segment))).WaitAsync(TimeSpan.FromSeconds(30));
        var playlists = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => GetAsync("stream.m3u8"))).WaitAsync(TimeSpan.FromSeconds(30));

        segments.Should().OnlyContain(x => x.Length == x.Body.Length && x.Body.SequenceEqual(segments[0].Body));
        Encoding.ASCII.GetString(segments[0].Body, 4, 4).Should().Be("moof");
        playlists.Should().OnlyContain(x => x.Length == x.Body.Length && x.Body.Length > 0);
        playlists.Select(x => Encoding.UTF8.GetString(x.Body)).Should().OnlyContain(t => t.StartsWith("#EXTM3U\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_PlaylistHeaders_NotCacheableAndCorsOpen()
    {
        using var http = new HttpClient();
        using var req = new HttpRequestMessage(HttpMethod.Get, fx.Url(HlsVariant.LowLatency, "cam/stream.m3u8"));
        req.Headers.Add("Origin", "http://player.example.com");
        using var r = await http.SendAsync(req).WaitAsync(TimeSpan.FromSeconds(15));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.apple.mpegurl");
        r.Headers.CacheControl!.NoCache.Should().BeTrue();
        r.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://player.example.com");
    }

    [Fact]
    public async Task Get_PlayerPage_RedirectsThenServesHlsJs()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using (var r = await http.GetAsync(fx.Url(HlsVariant.LowLatency, "test/stream")).WaitAsync(TimeSpan.FromSeconds(10)))
        {
            r.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
            r.Headers.Location!.ToString().Should().Be("/test/stream/");
        }

        var page = await http.GetStringAsync(fx.Url(HlsVariant.LowLatency, "test/stream/")).WaitAsync(TimeSpan.FromSeconds(10));
        page.Should().Contain("<video").And.Contain("src=\"hls.min.js\"").And.Contain("index.m3u8");
        using var js = await http.GetAsync(fx.Url(HlsVariant.LowLatency, "test/stream/hls.min.js")).WaitAsync(TimeSpan.FromSeconds(10));
        js.StatusCode.Should().Be(HttpStatusCode.OK);
        (await js.Content.ReadAsByteArrayAsync()).Length.Should().BeGreaterThan(100_000);
    }

    [Fact]
    public async Task Sessions_ListedAsReadersAndKickable()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("session-test/1.0");
        (await http.GetStringAsync(fx.Url(HlsVariant.Fmp4, "cam/index.m3u8")).WaitAsync(TimeSpan.FromSeconds(15))).Should().StartWith("#EXTM3U");

        var server = fx.Servers[HlsVariant.Fmp4];
        var session = server.Sessions.Single(s => s.UserAgent == "session-test/1.0");
        session.Path.Should().Be("cam");
        session.RemoteAddr.Should().Be("127.0.0.1");
        // The session counts an answer's bytes once it is sent, which can be just after the client has it.
        var counted = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (server.Sessions.Single(s => s.Id == session.Id).OutboundBytes == 0 && DateTime.UtcNow < counted)
        {
            await Task.Delay(20);
        }

        server.Sessions.Single(s => s.Id == session.Id).OutboundBytes.Should().BeGreaterThan(0);
        server.Muxers.Should().Contain(m => m.Path == "cam");
        fx.Paths.Find("cam")!.Readers.Should().Contain(r => r.ApiType == "hlsSession" && r.Id == session.Id)
            .And.Contain(r => r.ApiType == "hidden");

        server.Kick(session.Id).Should().BeTrue();
        server.Sessions.Should().NotContain(s => s.Id == session.Id);
        fx.Paths.Find("cam")!.Readers.Should().NotContain(r => r.Id == session.Id);
    }

    [Fact]
    public async Task Latency_PublishToFirstPartAndSegment_IsReported()
    {
        // A viewer is already waiting on a path's preload-hinted first part when the publisher starts: the part comes
        // after one part duration plus the frame that closes it; the first segment after the first key frame that
        // follows hlsSegmentDuration (1 s here, key frames every second).
        using var http = new HttpClient();
        await fx.PublishCaptureAsync("latency");
        var playlist = http.GetAsync(fx.Url(HlsVariant.LowLatency, "latency/stream.m3u8"));
        using var part = await http.GetAsync(fx.Url(HlsVariant.LowLatency, "latency/part0.mp4")).WaitAsync(TimeSpan.FromSeconds(10));
        var firstPart = fx.Clock.Elapsed - fx.FirstWrite["latency"];
        using var media = await playlist.WaitAsync(TimeSpan.FromSeconds(15));
        var firstSegment = fx.Clock.Elapsed - fx.FirstWrite["latency"];

        part.StatusCode.Should().Be(HttpStatusCode.OK);
        media.StatusCode.Should().Be(HttpStatusCode.OK);
        output.WriteLine($"publish -> first part available: {firstPart.TotalMilliseconds:0} ms; -> first segment (playlist served): {firstSegment.TotalMilliseconds:0} ms (part 200 ms, segment 1 s, 25 fps, GOP 1 s)");
        firstPart.Should().BeLessThan(TimeSpan.FromSeconds(3));
    }

    private static (long Msn, int Parts) LastSegmentParts(string playlist)
    {
        var lines = playlist.Split('\n');
        var seq = long.Parse(lines.First(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))[22..], System.Globalization.CultureInfo.InvariantCulture);
        var segments = lines.Count(l => l.StartsWith("seg", StringComparison.Ordinal));
        var lastInf = Array.FindLastIndex(lines, l => l.StartsWith("#EXTINF", StringComparison.Ordinal));
        var parts = lines.Skip(lastInf + 1).Count(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal));
        return (seq + segments, parts);
    }

    private static int TargetDuration(string playlist) => int.Parse(
        playlist.Split('\n').Single(l => l.StartsWith("#EXT-X-TARGETDURATION:", StringComparison.Ordinal))[22..], System.Globalization.CultureInfo.InvariantCulture);

    private static long Hint(string playlist)
    {
        var line = playlist.Split('\n').Single(l => l.StartsWith("#EXT-X-PRELOAD-HINT", StringComparison.Ordinal));
        var start = line.IndexOf("part", StringComparison.Ordinal) + 4;
        return long.Parse(line[start..line.IndexOf(".mp4", StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri url, AuthenticationHeaderValue auth)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.Authorization = auth;
        using var r = await http.SendAsync(req).WaitAsync(TimeSpan.FromSeconds(15));
        return r.StatusCode;
    }

    private async Task<string> RunAsync(string tool, string[] args)
    {
        await using var p = ExternalProcess.Start(tool, args);
        var code = await p.WaitForExitAsync(ToolTimeout);
        output.WriteLine($"{tool} {string.Join(' ', args)} -> {code}\n{p.Output}");
        code.Should().Be(0, p.Output);
        return p.Output;
    }
}
