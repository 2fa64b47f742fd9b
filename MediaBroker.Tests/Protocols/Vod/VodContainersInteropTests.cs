using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using MediaBroker.Tests.Streams.Files;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.Vod;

/// <summary>
/// Seeking in every file container through the real executable: 5 s clips made by ffmpeg (320x240 25 fps H264 with a key
/// frame every second + 44.1 kHz AAC) as Matroska, MPEG-TS, FLV and MP4 in a folder source, read by ffprobe as HLS VOD
/// (<c>vod.m3u8</c>) and static DASH (<c>vod.mpd</c>), seeked into, and played and seeked by dash.js in Chromium.
/// </summary>
public sealed class VodContainersInteropTests(VodClipsFixture fx, ITestOutputHelper output) : IClassFixture<VodClipsFixture>
{
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    [RequiresFfmpegFact]
    public async Task VodPlaylist_EachContainer_WholeFileAndSeek()
    {
        foreach (var name in new[] { "clip.mkv", "clip.ts", "clip.flv", "bframes.mkv" })
        {
            var url = $"{await fx.HlsAsync()}/lib/{name}/vod.m3u8";
            var durations = Durations(await fx.Http.GetStringAsync(url));
            durations.Should().HaveCount(VodClipsFixture.Seconds, $"{name}: a key frame every second and hlsSegmentDuration 1s");
            durations.Sum().Should().BeApproximately(VodClipsFixture.Seconds, 0.1, name);

            var whole = await FileClips.ProbeAllAsync(url);
            whole.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames == VodClipsFixture.Seconds * FileClips.Fps,
                $"{name}: every frame once: {string.Join("; ", whole)}");
            whole.Should().Contain(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames >= 210, name);

            // ffmpeg's HLS demuxer drops packets until a key frame whose decode time reaches the target: with B-frames the
            // key frame at 3 s decodes 80 ms earlier, so a seek to 3 s would land at 4 s; 2.9 s lands at 3 s.
            var first = await FirstVideoFrameAfterSeekAsync(url, name.StartsWith('b') ? 2.9 : 3);
            first.Should().BeInRange(1.9, 3.1, $"{name}: reading starts at a key frame at or before 3 s");
        }
    }

    [RequiresFfmpegFact]
    public async Task VodManifest_EachContainer_StaticTimelineOfThePlaylistCuts_ReadAndSeekedByFfprobe()
    {
        foreach (var name in new[] { "clip.mkv", "clip.ts", "clip.flv", "clip.mp4" })
        {
            var hls = await fx.HlsAsync();
            using var response = await fx.Http.GetAsync($"{hls}/lib/{name}/vod.mpd");
            response.StatusCode.Should().Be(HttpStatusCode.OK, name);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/dash+xml");
            var mpd = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
            mpd.Attribute("type")!.Value.Should().Be("static");
            XmlSeconds(mpd.Attribute("mediaPresentationDuration")!.Value).Should().BeApproximately(VodClipsFixture.Seconds, 0.1, name);
            var sets = mpd.Descendants(Mpd + "AdaptationSet").ToList();
            sets.Select(a => a.Attribute("contentType")!.Value).Should().Equal("video", "audio");
            sets[0].Element(Mpd + "Representation")!.Attribute("codecs")!.Value.Should().StartWith("avc1.");
            sets[1].Element(Mpd + "Representation")!.Attribute("codecs")!.Value.Should().Be("mp4a.40.2");

            // The timeline is the playlist's: the same cut points.
            var playlist = Durations(await fx.Http.GetStringAsync($"{hls}/lib/{name}/vod.m3u8"));
            Timeline(sets[0]).Should().Equal(playlist, (a, b) => Math.Abs(a - b) < 0.002, name);

            var url = $"{hls}/lib/{name}/vod.mpd";
            var whole = await FileClips.ProbeAllAsync(url);
            whole.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames == VodClipsFixture.Seconds * FileClips.Fps,
                $"{name}: {string.Join("; ", whole)}");
            whole.Should().Contain(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames >= 210, name);
            (await FormatDurationAsync(url)).Should().BeApproximately(VodClipsFixture.Seconds, 0.15, name);

            var first = await FirstVideoFrameAfterSeekAsync(url, 3);
            first.Should().BeInRange(1.9, 3.1, $"{name}: reading starts at the segment holding 3 s");
        }

        // A track number the file does not have, a segment past the end.
        var clip = $"{await fx.HlsAsync()}/lib/clip.mkv/vod";
        (await fx.Http.GetAsync($"{clip}/init-9.mp4")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await fx.Http.GetAsync($"{clip}/99_1.m4s")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    /// <summary>dash.js plays the static manifest of an MPEG-TS file (timestamps from 1.4 s) and of a Matroska one, and lands a seek.</summary>
    [ChromiumFact]
    public async Task Chromium_DashJs_PlaysVodManifestAndSeeks()
    {
        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        foreach (var name in new[] { "clip.ts", "bframes.mkv" })
        {
            var url = $"{await fx.HlsAsync()}/lib/{name}/vod.mpd";
            var timeout = TimeSpan.FromSeconds(60);
            await using var browser = ExternalProcess.Start(
                BrowserTools.Node!,
                [Path.Combine(BrowserTools.ToolsDirectory!, "dash-vod-browser.js"), url, "3",
                    ((int)timeout.TotalMilliseconds - 5000).ToString(CultureInfo.InvariantCulture)],
                BrowserTools.ToolsDirectory);
            var exit = await browser.WaitForExitAsync(timeout);
            output.WriteLine($"{url}: {browser.Output}");
            exit.Should().Be(0, browser.Output);
            var line = browser.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
            var result = JsonDocument.Parse(line).RootElement;
            var after = result.GetProperty("after");
            after.GetProperty("seekedAt").GetDouble().Should().BeApproximately(3, 0.5, url);
            after.GetProperty("time").GetDouble().Should().BeGreaterThanOrEqualTo(4, "playback continued after the seek");
            after.GetProperty("duration").GetDouble().Should().BeApproximately(VodClipsFixture.Seconds, 0.2, url);
            after.GetProperty("width").GetInt32().Should().Be(320, url);
            after.GetProperty("height").GetInt32().Should().Be(240, url);
        }
    }

    private static List<double> Durations(string playlist) =>
        [.. playlist.Split('\n').Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal)).Select(l => double.Parse(l[8..^1], CultureInfo.InvariantCulture))];

    /// <summary>Segment durations in seconds from an AdaptationSet's SegmentTimeline (@r expanded).</summary>
    private static List<double> Timeline(XElement set)
    {
        var template = set.Element(Mpd + "SegmentTemplate")!;
        var scale = double.Parse(template.Attribute("timescale")!.Value, CultureInfo.InvariantCulture);
        var list = new List<double>();
        foreach (var s in template.Descendants(Mpd + "S"))
        {
            var d = long.Parse(s.Attribute("d")!.Value, CultureInfo.InvariantCulture) / scale;
            var repeat = s.Attribute("r") is { } r ? int.Parse(r.Value, CultureInfo.InvariantCulture) : 0;
            list.AddRange(Enumerable.Repeat(d, repeat + 1));
        }

        return list;
    }

    private static double XmlSeconds(string duration) => double.Parse(duration[2..^1], CultureInfo.InvariantCulture);

    private static async Task<double> FormatDurationAsync(string url)
    {
        await using var p = ExternalProcess.Start("/usr/bin/ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", url]);
        (await p.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, p.Output);
        return double.Parse(p.Output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The time from the stream's start of the first video frame ffprobe reads after seeking <paramref name="seconds"/> into
    /// it (read_intervals seeks to a timestamp, and an MPEG-TS file's start at 1.4 s).
    /// </summary>
    private static async Task<double> FirstVideoFrameAfterSeekAsync(string url, double seconds)
    {
        await using var probe = ExternalProcess.Start("/usr/bin/ffprobe",
            ["-v", "error", "-select_streams", "v", "-show_entries", "stream=start_time", "-of", "csv=p=0", url]);
        (await probe.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, probe.Output);
        var start = double.Parse(probe.Output.Trim().Split('\n')[^1].TrimEnd(','), CultureInfo.InvariantCulture);

        var at = (start + seconds).ToString("0.###", CultureInfo.InvariantCulture);
        await using var p = ExternalProcess.Start("/usr/bin/ffprobe",
            ["-v", "error", "-read_intervals", $"{at}%+0.3", "-select_streams", "v", "-show_entries", "frame=pts_time", "-of", "json", url]);
        (await p.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, p.Output);
        using var doc = JsonDocument.Parse(p.Output[p.Output.IndexOf('{', StringComparison.Ordinal)..]);
        var frames = doc.RootElement.GetProperty("frames").EnumerateArray()
            .Select(f => double.Parse(f.GetProperty("pts_time").GetString()!, CultureInfo.InvariantCulture)).ToList();
        frames.Should().NotBeEmpty(p.Output);
        return frames.Min() - start;
    }
}

/// <summary>The clips (made once, in a temporary folder) and one broker whose folder path <c>lib</c> serves them.</summary>
public sealed class VodClipsFixture : IAsyncLifetime
{
    public const int Seconds = 5;

    private readonly string _dir = Directory.CreateTempSubdirectory("vodc").FullName;
    private BrokerProcess? _broker;
    private string? _hls;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The HLS listener's base URL; the clips and the broker are made on first use (ffmpeg may be absent: the facts skip).</summary>
    public async Task<string> HlsAsync()
    {
        if (_hls is not null)
        {
            return _hls;
        }

        foreach (var (name, bFrames) in new[] { ("clip.mkv", 0), ("clip.ts", 0), ("clip.flv", 0), ("clip.mp4", 0), ("bframes.mkv", 2) })
        {
            await MakeAsync(name, bFrames);
        }

        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"""
            paths:
              lib:
                source: file://{_dir}/
                sourceOnDemand: yes

            """);
        _hls = $"http://127.0.0.1:{(await _broker.ListenerAsync("HLS")).Port}";
        return _hls;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task MakeAsync(string name, int bFrames)
    {
        await using var ffmpeg = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc2=size=320x240:rate={FileClips.Fps}", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", Seconds.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", bFrames > 0 ? "veryfast" : "ultrafast",
            "-g", FileClips.Fps.ToString(CultureInfo.InvariantCulture), "-bf", bFrames.ToString(CultureInfo.InvariantCulture),
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", Path.Combine(_dir, name),
        ]);
        (await ffmpeg.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, ffmpeg.Output);
    }
}
