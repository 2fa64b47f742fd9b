using System.Globalization;
using System.Net;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Tests.Record;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Playback;

public sealed class PlaybackServerTests(RecordingFixture fx, ITestOutputHelper output) : IClassFixture<RecordingFixture>
{
    private static string Time(DateTime t) => Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

    [RequiresFfmpegFact]
    public async Task List_ContiguousSegmentsAndGap_TwoSpans()
    {
        await using var host = await PlaybackTestHost.StartAsync(fx.Conf());

        using var response = await host.GetAsync("/list?path=cam");
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine(body);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var spans = JsonDocument.Parse(body).RootElement.EnumerateArray().ToArray();
        spans.Should().HaveCount(2);
        DateTime.Parse(spans[0].GetProperty("start").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)
            .Should().Be(fx.Starts[0]);
        spans[0].GetProperty("duration").GetDouble().Should().BeApproximately(6.0, 0.1, "two 3 s segments merge");
        DateTime.Parse(spans[1].GetProperty("start").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)
            .Should().Be(fx.Starts[2]);
        spans[1].GetProperty("duration").GetDouble().Should().BeApproximately(3.0, 0.1);
        spans[0].GetProperty("url").GetString().Should().StartWith(host.BaseAddress + "get?path=cam&start=2026-11-30T10%3A00%3A00Z&duration=6.0");
    }

    [RequiresFfmpegFact]
    public async Task List_StartAndEnd_ClipsSpans()
    {
        await using var host = await PlaybackTestHost.StartAsync(fx.Conf());

        using var response = await host.GetAsync($"/list?path=cam&start={Time(fx.Starts[0].AddSeconds(4))}&end={Time(fx.Starts[0].AddSeconds(21))}");
        var spans = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToArray();

        spans.Should().HaveCount(2);
        spans[0].GetProperty("duration").GetDouble().Should().BeApproximately(2.0, 0.1);
        spans[1].GetProperty("duration").GetDouble().Should().BeApproximately(1.0, 0.01);
    }

    [RequiresFfmpegFact]
    public async Task Get_Fmp4AcrossTwoSegments_DecodesWithContinuousTimestamps()
    {
        await using var host = await PlaybackTestHost.StartAsync(fx.Conf());
        var file = Path.Combine(fx.Directory, "get-fmp4.mp4");

        await DownloadAsync(host, $"/get?path=cam&start={Time(fx.Starts[0].AddSeconds(1.5))}&duration=3", file);

        await AssertDecodesAsync(file, expectedSeconds: 3.5); // from the key frame at 1 s to 4.5 s, across the boundary at 3 s
    }

    [RequiresFfmpegFact]
    public async Task Get_Mp4AcrossTwoSegments_ProgressiveFileDecodesWithContinuousTimestamps()
    {
        await using var host = await PlaybackTestHost.StartAsync(fx.Conf());
        var file = Path.Combine(fx.Directory, "get.mp4");

        await DownloadAsync(host, $"/get?path=cam&start={Time(fx.Starts[0])}&duration=5&format=mp4", file);

        var bytes = await File.ReadAllBytesAsync(file);
        System.Text.Encoding.ASCII.GetString(bytes, 4, 4).Should().Be("ftyp");
        System.Text.Encoding.ASCII.GetString(bytes).IndexOf("moov", StringComparison.Ordinal).Should()
            .BeLessThan(System.Text.Encoding.ASCII.GetString(bytes).IndexOf("mdat", StringComparison.Ordinal), "moov comes first so a browser can play while loading");
        await AssertDecodesAsync(file, expectedSeconds: 5);
    }

    [Theory]
    [InlineData("/list?path=cam", null, HttpStatusCode.Unauthorized)]
    [InlineData("/list?path=cam", "reader", HttpStatusCode.Unauthorized)]
    [InlineData("/list?path=cam&user=reader&pass=pw", "none", HttpStatusCode.Unauthorized)]
    [InlineData("/list?path=cam&user=viewer&pass=pw", "none", HttpStatusCode.OK)]
    [InlineData("/get?path=cam&start=2026-11-30T10:00:00Z&duration=1", "reader", HttpStatusCode.Unauthorized)]
    public async Task Requests_WithoutPlaybackPermission_Unauthorized(string url, string? user, HttpStatusCode expected)
    {
        await using var host = await PlaybackTestHost.StartAsync(fx.Conf());
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (user is "reader")
        {
            request.Headers.Authorization = PlaybackTestHost.Basic("reader", "pw");
        }

        using var response = await host.Client.SendAsync(request);

        response.StatusCode.Should().Be(expected);
        if (expected == HttpStatusCode.Unauthorized)
        {
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"error\"");
        }
    }

    [Theory]
    [InlineData("path=../../etc")]
    [InlineData("path=..%2F..%2Fetc")]
    [InlineData("path=%2E%2E/%2E%2E/etc")]
    [InlineData("path=/etc/passwd")]
    [InlineData("path=%2Fetc")]
    [InlineData("path=cam/../../..")]
    [InlineData("path=cam%5C..%5C..")]
    [InlineData("path=cam%00")]
    [InlineData("path=")]
    public async Task Requests_TraversalPaths_BadRequest(string query)
    {
        await using var host = await PlaybackTestHost.StartAsync(fx.Conf());

        foreach (var url in new[] { "/list?" + query, "/get?" + query + "&start=2026-11-30T10:00:00Z&duration=1" })
        {
            using var response = await host.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, url);
            JsonDocument.Parse(body).RootElement.GetProperty("error").GetString().Should().StartWith("invalid 'path'");
        }
    }

    [Theory]
    [InlineData("/get?path=cam&start=yesterday&duration=1", HttpStatusCode.BadRequest, "invalid 'start'")]
    [InlineData("/get?path=cam&start=2026-11-30T10:00:00Z&duration=-1", HttpStatusCode.BadRequest, "invalid 'duration'")]
    [InlineData("/get?path=cam&start=2026-11-30T10:00:00Z&duration=abc", HttpStatusCode.BadRequest, "invalid 'duration'")]
    [InlineData("/get?path=cam&start=2026-11-30T10:00:00Z&duration=1&format=avi", HttpStatusCode.BadRequest, "invalid 'format'")]
    [InlineData("/get?path=cam&start=2026-11-30T11:00:00Z&duration=1", HttpStatusCode.NotFound, "no recordings found")]
    [InlineData("/list?path=cam&start=2026-11-30T11:00:00Z", HttpStatusCode.NotFound, "no recordings found")]
    [InlineData("/list?path=cam&end=nope", HttpStatusCode.BadRequest, "invalid 'end'")]
    [InlineData("/list?path=nothing", HttpStatusCode.NotFound, "no recordings found")]
    [InlineData("/list?path=unconfigured", HttpStatusCode.NotFound, "path not found")]
    public async Task Requests_BadParameters_ClearError(string url, HttpStatusCode status, string error)
    {
        var conf = fx.Conf() with { Paths = [new PathConf { Name = "cam", RecordPath = fx.RecordPath }, new PathConf { Name = "nothing", RecordPath = fx.RecordPath }] };
        await using var host = await PlaybackTestHost.StartAsync(conf);

        using var response = await host.GetAsync(url);

        response.StatusCode.Should().Be(status);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().Should().StartWith(error);
    }

    [RequiresFfmpegFact]
    public async Task Get_GoDurationAndOffsetTime_Accepted()
    {
        await using var host = await PlaybackTestHost.StartAsync(fx.Conf());

        using var response = await host.GetAsync("/get?path=cam&start=2026-11-30T11:00:01%2B01:00&duration=1s500ms");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("video/mp4");
        response.Headers.AcceptRanges.Should().Equal("none");
    }

    [RequiresFfmpegFact]
    public async Task ListUrls_ForwardedProto_BelievedOnlyFromTrustedProxies()
    {
        foreach (var (trusted, expected) in new[] { (true, "https://cdn.example.com/get?"), (false, "http://cdn.example.com/get?") })
        {
            await using var host = await PlaybackTestHost.StartAsync(fx.Conf() with { PlaybackTrustedProxies = trusted ? ["127.0.0.1"] : [] });
            var request = new HttpRequestMessage(HttpMethod.Get, "/list?path=cam");
            request.Headers.Authorization = PlaybackTestHost.Viewer;
            request.Headers.Host = "cdn.example.com";
            request.Headers.Add("X-Forwarded-Proto", "https");

            using var response = await host.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            response.StatusCode.Should().Be(HttpStatusCode.OK, body);
            JsonDocument.Parse(body).RootElement[0].GetProperty("url").GetString().Should().StartWith(expected);
        }
    }

    private static async Task DownloadAsync(PlaybackTestHost host, string url, string file)
    {
        using var response = await host.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
    }

    private async Task AssertDecodesAsync(string file, double expectedSeconds)
    {
        await using (var decode = ExternalProcess.Start(RequiresFfmpegFactAttribute.FfmpegPath, ["-v", "error", "-i", file, "-f", "null", "-"]))
        {
            (await decode.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, decode.Output);
            decode.Output.Trim().Should().BeEmpty("ffmpeg decodes without an error");
        }

        var probe = JsonDocument.Parse(await RecordingFixture.ProbeAsync(file, "-show_packets", "-show_entries", "packet=stream_index,dts_time,duration_time:format=duration:stream=codec_type"));
        var duration = double.Parse(probe.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        output.WriteLine($"duration {duration}");
        duration.Should().BeApproximately(expectedSeconds, 1.0, "within a GOP of what was asked");
        var streams = probe.RootElement.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("codec_type").GetString()).ToArray();
        streams.Should().Contain(["video", "audio"]);
        var last = new Dictionary<int, double>();
        foreach (var p in probe.RootElement.GetProperty("packets").EnumerateArray())
        {
            var index = p.GetProperty("stream_index").GetInt32();
            var dts = double.Parse(p.GetProperty("dts_time").GetString()!, CultureInfo.InvariantCulture);
            if (last.TryGetValue(index, out var previous))
            {
                (dts - previous).Should().BeInRange(0.0001, 0.1, $"stream {index} goes forward without a jump at {dts}");
            }

            last[index] = dts;
        }

        last.Should().HaveCount(2);
    }
}
